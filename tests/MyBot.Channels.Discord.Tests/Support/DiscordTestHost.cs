using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Rest;
using MyBot.Channels.Hosting;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Orleans;

namespace MyBot.Channels.Discord.Tests.Support;

/// <summary>
/// The Discord channel as <c>AddDiscordChannel</c> wires it, pointed at a
/// <see cref="FakeDiscord"/>, calling the grains of a test cluster. Tests of the REST or gateway client alone need no cluster.
/// </summary>
internal sealed class DiscordTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private DiscordTestHost(ServiceProvider provider) => _provider = provider;

    public DiscordChannel Channel => _provider.GetRequiredService<DiscordChannel>();

    public DiscordRestClient Rest => _provider.GetRequiredService<DiscordRestClient>();

    public DiscordGatewayClient Gateway => _provider.GetRequiredService<DiscordGatewayClient>();

    /// <summary>This host's owner of the gateway loop (one per silo in a deployment).</summary>
    public GrainSingletonLeaseProvider Leases => _provider.GetRequiredService<GrainSingletonLeaseProvider>();

    /// <param name="cluster">Needed to run or send through the channel: its DM channels and gateway lease are grains.</param>
    public static DiscordTestHost Create(
        FakeDiscord fake,
        TimeProvider? time = null,
        double jitter = 0.5,
        string? token = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        GrainTestCluster? cluster = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["MyBot:Discord:BotToken"] = token ?? fake.Token,
            ["MyBot:Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["MyBot:Discord:AccessPolicy"] = "Open",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IHeartbeatJitter>(new FixedJitter(jitter));
        if (cluster is not null)
        {
            services.AddSingleton(cluster.Grains);
        }

        services.AddDiscordChannel(configuration);
        return new DiscordTestHost(services.BuildServiceProvider(validateScopes: true));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
