using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>Sends signed requests to the Blob and Queue services, retrying what is worth retrying (5xx, 408, timeouts, dropped connections).</summary>
public sealed partial class StorageRestClient(
    HttpClient httpClient,
    IStorageRequestAuthorizer authorizer,
    StorageRetryPolicy retryPolicy,
    TimeProvider timeProvider,
    ILogger<StorageRestClient> logger)
{
    /// <summary>Azure Storage REST version; Azurite 3.35 accepts it.</summary>
    public const string ApiVersion = "2025-05-05";

    /// <summary>Storage calls made, for the per-message cost measurements.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    private long _requestCount;

    public StorageAuthenticationKind AuthenticationKind => authorizer.Kind;

    public async Task<StorageResponse> SendAsync(StorageRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var failure = await TrySendOnceAsync(request, cancellationToken);
            if (failure.Response is { IsSuccess: true } success)
            {
                return success;
            }

            var retryable = failure.Response is null || IsRetryable(failure.Response.Status);
            if (!retryable || attempt > retryPolicy.MaxRetries)
            {
                throw Describe(request, failure);
            }

            var delay = retryPolicy.Delay(attempt);
            Log.Retrying(logger, request.Operation, request.Service, failure.Response is { } r ? (int)r.Status : 0, failure.Response?.ErrorCode ?? failure.Exception?.GetType().Name, attempt, delay);
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    private async Task<Attempt> TrySendOnceAsync(StorageRequest request, CancellationToken cancellationToken)
    {
        request.Headers["x-ms-date"] = timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers["x-ms-version"] = ApiVersion;
        using var message = request.ToHttpRequestMessage();
        await authorizer.AuthorizeAsync(request, message, cancellationToken);
        using var timeout = new CancellationTokenSource(retryPolicy.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Interlocked.Increment(ref _requestCount);
        try
        {
            using var response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var errorCode = response.IsSuccessStatusCode ? null : ErrorCode(response, body);
            return new Attempt(StorageResponse.From(response, body, errorCode), null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, new TimeoutException($"No answer within {retryPolicy.RequestTimeout}.", e));
        }
        catch (HttpRequestException e)
        {
            return new Attempt(null, e);
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static string? ErrorCode(HttpResponseMessage response, byte[] body)
    {
        if (response.Headers.TryGetValues("x-ms-error-code", out var codes))
        {
            return codes.FirstOrDefault();
        }

        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(body);
            return XDocument.Load(stream).Root?.Element("Code")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private AzureStorageException Describe(StorageRequest request, Attempt failure)
    {
        var target = $"{request.Operation} ({request.Service} service, {request.Uri.GetLeftPart(UriPartial.Path)})";
        if (failure.Response is not { } response)
        {
            return new AzureStorageException(
                $"Azure Storage did not answer {target} after {retryPolicy.MaxRetries + 1} attempts: {failure.Exception?.Message}",
                null,
                null,
                failure.Exception);
        }

        var status = (int)response.Status;
        var message = response.Status switch
        {
            HttpStatusCode.Forbidden when authorizer.Kind == StorageAuthenticationKind.Bearer =>
                $"Azure Storage refused {target}: 403 {response.ErrorCode}. Grant this identity the '{RoleFor(request.Service)}' role on the storage account " +
                "(with a user-assigned managed identity, set AZURE_CLIENT_ID to its client id).",
            HttpStatusCode.Forbidden =>
                $"Azure Storage refused {target}: 403 {response.ErrorCode}. Check the AccountName and AccountKey in MyBot:Storage:Azure:ConnectionString.",
            _ => $"Azure Storage answered {status} {response.ErrorCode} to {target}.",
        };
        return new AzureStorageException(message, response.Status, response.ErrorCode);
    }

    private static string RoleFor(StorageService service) =>
        service == StorageService.Blob ? "Storage Blob Data Contributor" : "Storage Queue Data Contributor";

    private sealed record Attempt(StorageResponse? Response, Exception? Exception);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Storage call {Operation} on the {Service} service failed ({Status} {Reason}), attempt {Attempt}; retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, string operation, StorageService service, int status, string? reason, int attempt, TimeSpan delay);
    }
}
