using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using MyBot.Orleans.AzureStorage.Hosting;
using MyBot.TestKit.Azure;

namespace MyBot.Orleans.AzureStorage.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageHealthCheckTests(AzuriteServer azurite) : IAsyncLifetime
{
    private readonly AzureTestAccount _account = new(azurite);

    [Fact]
    public async Task Healthy_when_blobs_tables_and_queues_answer_and_every_request_is_counted_by_service()
    {
        var services = _account.CreateSiloServices();
        var counted = new Dictionary<string, long>();
        using var listener = CountRequests(services.GetRequiredService<IMeterFactory>(), counted);

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries[AzureStorageServiceCollectionExtensions.HealthCheckName].Status);
        Assert.True(counted.GetValueOrDefault("blob") >= 3, $"blob requests counted: {counted.GetValueOrDefault("blob")}");
        Assert.Equal(1, counted.GetValueOrDefault("table"));
        Assert.Equal(1, counted.GetValueOrDefault("queue"));
    }

    [Fact]
    public async Task A_healthy_answer_is_reused_for_a_minute_without_requests_then_checked_again()
    {
        var services = _account.CreateSiloServices();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var check = new AzureStorageHealthCheck(services.GetRequiredService<AzureStorageClients>(), clock);
        var counted = new Dictionary<string, long>();
        using var listener = CountRequests(services.GetRequiredService<IMeterFactory>(), counted);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        var afterFirst = counted.Values.Sum();
        clock.Advance(AzureStorageHealthCheck.HealthyFor - TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(afterFirst, counted.Values.Sum());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.True(counted.Values.Sum() > afterFirst, "the check after a minute asked storage again");
    }

    [Fact]
    public async Task A_wrong_account_key_is_unhealthy_and_names_the_connection_string()
    {
        await using var account = new AzureTestAccount(azurite, new Dictionary<string, string?>
        {
            [$"{AzureStorageOptions.SectionName}:ConnectionString"] = azurite.ConnectionString.Replace(AzuriteServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal),
        });

        var result = await new AzureStorageHealthCheck(account.CreateSiloServices().GetRequiredService<AzureStorageClients>(), TimeProvider.System)
            .CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("MyBot:Storage:Azure:ConnectionString", result.Description, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _account.DisposeAsync().AsTask();

    private static MeterListener CountRequests(IMeterFactory meterFactory, Dictionary<string, long> counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meterFactory && instrument.Name == AzureStorageRequestCounter.InstrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "service")
                {
                    lock (counted)
                    {
                        counted[(string)tag.Value!] = counted.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }
}
