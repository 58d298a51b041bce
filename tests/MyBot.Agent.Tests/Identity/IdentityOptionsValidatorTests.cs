using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Agent.Identity;

namespace MyBot.Agent.Tests.Identity;

public sealed class IdentityOptionsValidatorTests
{
    [Fact]
    public void Identities_are_bound_from_their_own_section()
    {
        var options = Bind(new()
        {
            ["MyBot:Identities:owner:0"] = "telegram:42",
            ["MyBot:Identities:owner:1"] = "discord:1234",
            ["MyBot:Identity:SharedHistory"] = "true",
        });

        Assert.True(options.Identity.SharedHistory);
        Assert.Equal(["telegram:42", "discord:1234"], options.Identities["owner"]);
        Assert.Equal("owner", options.Find("discord:1234"));
        Assert.Null(options.Find("discord:99"));
    }

    [Theory]
    [InlineData("Owner", "telegram:42", "not an identity name")]
    [InlineData("owner", "telegram:42:42", "not an account")]
    [InlineData("owner", "42", "not an account")]
    public void A_bad_identity_fails_the_start(string name, string account, string problem)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [$"MyBot:Identities:{name}:0"] = account }));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_of_two_identities_fails_the_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["MyBot:Identities:owner:0"] = "telegram:42",
            ["MyBot:Identities:partner:0"] = "telegram:42",
        }));

        Assert.Contains("'telegram:42' is also an account of", error.Message, StringComparison.Ordinal);
    }

    private static IdentityOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddIdentities(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<IdentityOptions>>().Value;
    }
}
