using System.Net;
using System.Text.RegularExpressions;
using MyBot.Server.Tests.Admin;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.AdminConsole;

[Collection(InProcessServerCollection.Name)]
public sealed partial class AdminConsoleEndpointsTests
{
    [Fact]
    public async Task The_page_is_never_cached_names_its_files_by_content_hash_and_they_are_kept_for_a_year()
    {
        await using var host = await AdminApiHost.StartAsync();

        using var page = await host.Anonymous.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.CacheControl?.NoCache);
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        var assets = AssetAddress().Matches(html).Select(m => m.Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("/admin/console.js?v=", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/admin/console.css?v=", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            using var file = await host.Anonymous.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.True(file.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(365), asset);
            Assert.NotNull(file.Headers.ETag);
            Assert.True(file.Content.Headers.ContentLength > 0, asset);
        }

        using var missing = await host.Anonymous.GetAsync("/admin/nothing.js");
        Assert.Contains("nothing.js", await ProblemAssert.DetailAsync(missing, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [GeneratedRegex("/admin/[a-z.]+\\?v=[0-9a-f]{16}")]
    private static partial Regex AssetAddress();
}
