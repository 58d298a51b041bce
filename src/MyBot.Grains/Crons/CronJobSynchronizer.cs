using Microsoft.Extensions.Logging;
using MyBot.Agent.Crons;
using Orleans.Runtime;

namespace MyBot.Grains.Crons;

/// <summary>
/// Hands the workspace's jobs to their grains when the silo becomes active and after every change of the files, so a
/// new job is armed, an edited one takes its new schedule, a deleted one stops, and a slot missed while the service
/// was down runs at start. Every silo does it; the grains make the repeats harmless.
/// </summary>
public sealed partial class CronJobSynchronizer(ICronCatalog catalog, IGrainFactory grains, ILogger<CronJobSynchronizer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<string> _known = new(StringComparer.Ordinal);

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(CronJobSynchronizer), ServiceLifecycleStage.Active, StartAsync, StopAsync);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Changed += OnChanged;
        await SynchronizeAsync();
    }

    private Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, EventArgs e) => _ = SynchronizeAsync();

    /// <summary>Never throws: a job that fails to configure is logged, and the next change or start tries again.</summary>
    private async Task SynchronizeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var jobs = catalog.Jobs;
            var current = jobs.Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
            var broken = catalog.Errors.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var job in jobs)
            {
                await TryAsync(job.Name, grain => grain.ConfigureAsync(job));
            }

            foreach (var name in _known.Where(n => !current.Contains(n) && !broken.Contains(n)))
            {
                await TryAsync(name, grain => grain.RemoveAsync());
            }

            _known = current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task TryAsync(string name, Func<ICronJobGrain, Task> action)
    {
        try
        {
            await action(grains.GetGrain<ICronJobGrain>(name));
        }
        catch (Exception ex)
        {
            Log.SyncFailed(logger, ex, name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Cron job {Job} could not be handed to its grain; the next change of its file or the next start tries again")]
        public static partial void SyncFailed(ILogger logger, Exception exception, string job);
    }
}
