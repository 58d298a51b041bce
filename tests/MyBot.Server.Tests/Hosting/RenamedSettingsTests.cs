using Microsoft.Extensions.Configuration;
using MyBot.Server.Hosting;

namespace MyBot.Server.Tests.Hosting;

public sealed class RenamedSettingsTests
{
    [Fact]
    public void The_azure_queue_count_stops_the_start_naming_the_key_that_replaces_it()
    {
        var configuration = Configuration(new() { ["MyBot:Storage:Azure:QueueCount"] = "4" });

        var refused = Assert.Throws<ServerConfigurationException>(() => RenamedSettings.ThrowIfAnySet(configuration));

        Assert.Contains("MyBot:Storage:Azure:QueueCount (MyBot__Storage__Azure__QueueCount)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("use MyBot:Streams:Queues", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_that_replaces_it_is_accepted()
    {
        var configuration = Configuration(new() { ["MyBot:Streams:Queues"] = "4", ["MyBot:Storage:Azure:QueuePollInterval"] = "00:00:02" });

        RenamedSettings.ThrowIfAnySet(configuration);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
