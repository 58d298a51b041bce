using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MyBot.Orleans.AzureStorage.Hosting;

/// <summary>
/// Counts every request sent to the storage account (retries included) as the metric <c>mybot.storage.requests</c>,
/// tagged with the service; on Azure each one is billed, and an idle silo's polling is most of them.
/// </summary>
public sealed class AzureStorageRequestCounter
{
    public const string MeterName = "MyBot.Storage.Azure";
    public const string InstrumentName = "mybot.storage.requests";

    private readonly Counter<long> _requests;

    public AzureStorageRequestCounter(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(InstrumentName, unit: "{request}", description: "Requests sent to Azure Storage, retries included.");
    }

    internal HttpPipelinePolicy PolicyFor(AzureStorageService service) => new CountingPolicy(this, service);

    private void Count(AzureStorageService service, string method) =>
        _requests.Add(1, new KeyValuePair<string, object?>("service", service.ToString().ToLowerInvariant()), new KeyValuePair<string, object?>("method", method));

    private sealed class CountingPolicy(AzureStorageRequestCounter counter, AzureStorageService service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => counter.Count(service, message.Request.Method.Method);
    }
}
