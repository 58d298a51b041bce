using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.Orleans.AzureStorage.Streams;
using MyBot.Orleans.AzureStorage.Tests.Cluster;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Measurements;
using Xunit.Abstractions;

namespace MyBot.Orleans.AzureStorage.Tests.Measurements;

/// <summary>
/// Storage requests of one idle silo per minute, by service and method, as the request counter reports them: on Azure
/// every request is billed. A measurement (scripts/test.sh leaves out Category=Performance); run it with
/// <c>dotnet test tests/MyBot.Orleans.AzureStorage.Tests -c Release --filter "Category=Performance" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Performance")]
public sealed class IdleStorageCallsMeasurement(AzuriteServer azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [MeasurementTheory]
    [InlineData(1, "00:00:01")]
    [InlineData(1, "00:00:05")]
    [InlineData(8, "00:00:00.100")]
    public async Task Idle_storage_calls_per_minute(int queues, string pollInterval)
    {
        await using var account = new AzureTestAccount(azurite, new Dictionary<string, string?>
        {
            [$"{AzureQueueDeliveryOptions.SectionName}:Queues"] = queues.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{AzureStorageOptions.SectionName}:QueuePollInterval"] = pollInterval,
        });
        await using var silo = await AzureSilo.StartAsync(account);
        var counted = new ConcurrentDictionary<string, long>();
        var counting = false;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == silo.Services.GetRequiredService<IMeterFactory>() && instrument.Name == AzureStorageRequestCounter.InstrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Volatile.Read(ref counting))
            {
                var service = tags.ToArray().Single(t => t.Key == "service").Value;
                var method = tags.ToArray().Single(t => t.Key == "method").Value;
                counted.AddOrUpdate($"{service} {method}", value, (_, total) => total + value);
            }
        });
        listener.Start();

        // The measurement is the number of requests in a fixed window of idle time: these waits are the window itself.
        await Task.Delay(Settling);
        Volatile.Write(ref counting, true);
        await Task.Delay(Window);
        Volatile.Write(ref counting, false);

        output.WriteLine($"Queues={queues} QueuePollInterval={pollInterval}: storage requests in {Window.TotalSeconds:0} s of idle time after {Settling.TotalSeconds:0} s settling");
        foreach (var (kind, total) in counted.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind,-14} {total,6}");
        }

        var all = counted.Values.Sum();
        output.WriteLine($"  {"total",-14} {all,6}  (~{all * 60 * 24 * 30 / 1_000_000.0:0.00} million per 30 days)");
        var pollsAllowed = queues * Window / TimeSpan.Parse(pollInterval, System.Globalization.CultureInfo.InvariantCulture) * 1.2 + 10;
        Assert.InRange(counted.GetValueOrDefault("queue GET"), 1, (long)pollsAllowed);
    }
}
