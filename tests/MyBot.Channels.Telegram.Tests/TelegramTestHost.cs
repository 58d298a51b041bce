using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.TestKit.Telegram;

namespace MyBot.Channels.Telegram.Tests;

/// <summary>
/// The Telegram channel as the server wires it (<c>AddTelegramChannel</c>), against a fake Bot API, running in the
/// background: one process of a cluster whose grains outlive it, so a second host on the same stores is a restart, or a
/// replica while the first still runs.
/// </summary>
internal sealed class TelegramTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    /// <param name="time">The channel's clock (its waits, backoffs and lease renewals); the system clock by default.</param>
    public TelegramTestHost(
        FakeTelegramServer server,
        TelegramTestStores stores,
        RecordingPublisher publisher,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["MyBot:Telegram:BotToken"] = server.Token,
            ["MyBot:Telegram:ApiBaseUrl"] = server.Url.ToString(),
            ["MyBot:Telegram:PollTimeout"] = "00:00:02",
            ["MyBot:Telegram:RequestTimeout"] = "00:00:04",
            ["MyBot:Telegram:AccessPolicy"] = "Open",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(stores.Cluster.Grains);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<IDeadLetterStore>(stores.DeadLetters);
        services.AddSingleton<IInboundPublisher>(publisher);
        services.AddTelegramChannel(configuration);
        _services = services.BuildServiceProvider();
        Channel = _services.GetRequiredService<TelegramChannel>();
        Publisher = publisher;
    }

    public TelegramChannel Channel { get; }

    public RecordingPublisher Publisher { get; }

    public IServiceProvider Services => _services;

    public Task? Running { get; private set; }

    public TelegramTestHost Start()
    {
        Running = Task.Run(() => Channel.RunAsync(Publisher, _stop.Token));
        return this;
    }

    /// <summary>Stops the channel; a test may stop a host early (a replica going away) and dispose it again at the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        if (Running is not null)
        {
            try
            {
                await Running;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
