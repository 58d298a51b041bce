using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Rest;
using MyBot.Runtime.Storage;
using MyBot.TestKit.Discord;
using MyBot.TestKit.Storage;

namespace MyBot.Channels.Discord.Tests.Support;

/// <summary>The Discord channel as <c>AddDiscordChannel</c> wires it, pointed at a <see cref="FakeDiscord"/>.</summary>
internal sealed class DiscordTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private DiscordTestHost(ServiceProvider provider, FaultInjectingGrainStorage storage, FaultInjectingLeaseProvider leases)
    {
        _provider = provider;
        Storage = storage;
        Leases = leases;
    }

    public FaultInjectingGrainStorage Storage { get; }

    public FaultInjectingLeaseProvider Leases { get; }

    public DiscordChannel Channel => _provider.GetRequiredService<DiscordChannel>();

    public DiscordRestClient Rest => _provider.GetRequiredService<DiscordRestClient>();

    public DiscordGatewayClient Gateway => _provider.GetRequiredService<DiscordGatewayClient>();

    public static DiscordTestHost Create(
        FakeDiscord fake,
        TimeProvider? time = null,
        double jitter = 0.5,
        string? token = null,
        FaultInjectingGrainStorage? storage = null,
        IReadOnlyDictionary<string, string?>? settings = null)
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
        storage ??= new FaultInjectingGrainStorage();
        var leases = new FaultInjectingLeaseProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<IHeartbeatJitter>(new FixedJitter(jitter));
        services.AddSingleton<IGrainStorage>(storage);
        services.AddSingleton<ISingletonLeaseProvider>(leases);
        services.AddDiscordChannel(configuration);
        return new DiscordTestHost(services.BuildServiceProvider(validateScopes: true), storage, leases);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
