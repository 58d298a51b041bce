using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MyBot.Channels.Telegram.Tests;

public sealed class TelegramOptionsBindingTests
{
    [Fact]
    public void Allowed_users_bind_from_the_list_form()
    {
        var allowed = AllowedUsers(new()
        {
            ["MyBot:Telegram:AllowedUsers:0"] = "42",
            ["MyBot:Telegram:AllowedUsers:1"] = "@ann, 55",
        });

        Assert.Equal(["42", "@ann", "55"], allowed);
    }

    [Fact]
    public void Allowed_users_bind_from_a_comma_separated_string()
    {
        var allowed = AllowedUsers(new() { ["MyBot:Telegram:AllowedUsers"] = "42, @ann;55" });

        Assert.Equal(["42", "@ann", "55"], allowed);
    }

    private static IReadOnlyCollection<string> AllowedUsers(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddTelegramChannel(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TelegramOptions>>().Value.Access.AllowedUsers;
    }
}
