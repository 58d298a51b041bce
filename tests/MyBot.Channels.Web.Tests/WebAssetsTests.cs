using System.Security.Cryptography;
using System.Text;

namespace MyBot.Channels.Web.Tests;

public sealed class WebAssetsTests
{
    private readonly WebAssets _assets = new();

    [Theory]
    [InlineData("chat.css")]
    [InlineData("chat.js")]
    [InlineData("markdown.js")]
    public void Each_asset_is_addressed_by_a_hash_of_the_content_it_is_served_with(string name)
    {
        Assert.True(_assets.TryGet(name, out var asset));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(asset.Content))[..16], asset.Version);
        Assert.Equal($"/web/{name}?v={asset.Version}", _assets.VersionedPath(name));
    }

    [Fact]
    public void The_pages_and_the_script_that_imports_another_name_the_versioned_addresses()
    {
        Assert.True(_assets.TryGet("chat.js", out var script));

        Assert.Contains($"\"{_assets.VersionedPath("chat.js")}\"", _assets.ChatPage, StringComparison.Ordinal);
        Assert.Contains($"\"{_assets.VersionedPath("chat.css")}\"", _assets.ChatPage, StringComparison.Ordinal);
        Assert.Contains($"\"{_assets.VersionedPath("chat.css")}\"", _assets.SignInPage, StringComparison.Ordinal);
        Assert.Contains($"from \"{_assets.VersionedPath("markdown.js")}\"", Encoding.UTF8.GetString(script.Content), StringComparison.Ordinal);
        Assert.DoesNotContain("{{", Encoding.UTF8.GetString(script.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pages_keep_only_the_placeholders_the_endpoints_fill()
    {
        Assert.Equal(["{{signout}}"], Placeholders(_assets.ChatPage));
        Assert.Equal(["{{error}}"], Placeholders(_assets.SignInPage));
    }

    private static List<string> Placeholders(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, @"\{\{[^}]+\}\}").Select(m => m.Value).ToList();
}
