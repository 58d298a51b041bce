using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyBot.Runtime;
using MyBot.Runtime.Hosting;
using MyBot.Runtime.Storage;
using MyBot.Runtime.Storage.Memory;
using MyBot.TestKit.Time;

namespace MyBot.TestKit.Grains;

/// <summary>
/// The grain test kit, in the spirit of OrleansTestKit: the real runtime over in-memory stores that have real ETag
/// and visibility behaviour, on fake time. Start a second silo on the same <see cref="SharedStores"/> to simulate a restart.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hosted;

    private TestSilo(ServiceProvider provider, FakeTimeProvider time, SharedStores stores)
    {
        _provider = provider;
        Time = time;
        Stores = stores;
        _hosted = [.. provider.GetServices<IHostedService>()];
    }

    public IServiceProvider Services => _provider;

    public IGrainFactory GrainFactory => _provider.GetRequiredService<IGrainFactory>();

    public FakeTimeProvider Time { get; }

    public SharedStores Stores { get; }

    public static async Task<TestSilo> StartAsync(
        Action<IServiceCollection> configure,
        SharedStores? stores = null,
        FakeTimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? configuration = null)
    {
        time ??= new FakeTimeProvider();
        stores ??= new SharedStores(time);
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IGrainStorage>(stores.Grains);
        services.AddSingleton(stores.Grains);
        services.AddSingleton<IQueueStorage>(stores.Queues);
        services.AddSingleton(stores.Queues);
        services.AddSingleton<IDeadLetterStore>(stores.DeadLetters);
        services.AddSingleton<IReminderStorage>(stores.Reminders);
        services.AddGrainRuntime(config);
        services.AddMemoryStorage();
        configure(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var silo = new TestSilo(provider, time, stores);
        foreach (var hosted in silo._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted.Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
    }
}
