using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;
using MyBot.Agent.Tools;
using MyBot.TestKit;

namespace MyBot.Agent.Tests;

public sealed class AgentFeaturesServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Registers_the_catalog_and_the_built_in_tools()
    {
        using var provider = Build(new() { ["MyBot:DataDir"] = _directory.Path });

        Assert.Contains("current_time", provider.GetRequiredService<IToolRegistry>().Names);
        Assert.Contains("web_fetch", provider.GetRequiredService<IToolRegistry>().Names);
        Assert.Equal("default", Assert.Single(provider.GetRequiredService<IAgentCatalog>().Agents).Name);
    }

    [Fact]
    public void A_bad_binding_fails_validation_naming_the_key()
    {
        using var provider = Build(new()
        {
            ["MyBot:DataDir"] = _directory.Path,
            ["MyBot:Bindings:0:Match"] = "a:b:c:d",
            ["MyBot:Bindings:0:Agent"] = "x",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentOptions>>().Value);
        Assert.Contains("MyBot:Bindings:0:Match", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<Orleans.IGrainFactory>(new FakeGrainFactory(TimeProvider.System));
        services.AddAgentFeatures(configuration);
        return services.BuildServiceProvider();
    }
}
