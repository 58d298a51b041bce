using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Channels.Discord.Gateway;
using MyBot.Channels.Discord.Rest;
using MyBot.Runtime.Storage;
using MyBot.TestKit.Discord;

namespace MyBot.Channels.Discord.Tests.Support;

/// <summary>The Discord channel as <c>AddDiscordChannel</c> wires it, pointed at a <see cref="FakeDiscord"/>.</summary>
internal sealed class DiscordTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private DiscordTestHost(ServiceProvider provider, InMemoryGrainStorage storage, TestLeaseProvider leases)
    {
        _provider = provider;
        Storage = storage;
        Leases = leases;
    }

    public InMemoryGrainStorage Storage { get; }

    public TestLeaseProvider Leases { get; }

    public DiscordChannel Channel => _provider.GetRequiredService<DiscordChannel>();

    public DiscordRestClient Rest => _provider.GetRequiredService<DiscordRestClient>();

    public DiscordGatewayClient Gateway => _provider.GetRequiredService<DiscordGatewayClient>();

    public static DiscordTestHost Create(
        FakeDiscord fake,
        TimeProvider? time = null,
        double jitter = 0.5,
        string? token = null,
        InMemoryGrainStorage? storage = null,
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
        storage ??= new InMemoryGrainStorage();
        var leases = new TestLeaseProvider();
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
