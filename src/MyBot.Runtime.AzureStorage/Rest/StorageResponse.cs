using System.Net;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>A response read into memory (every body this backend reads is small).</summary>
public sealed record StorageResponse(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? ErrorCode)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public string ETag => Header("ETag") ?? throw new InvalidOperationException("The storage response carried no ETag.");

    internal static StorageResponse From(HttpResponseMessage response, byte[] body, string? errorCode)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(',', values);
        }

        return new StorageResponse(response.StatusCode, headers, body, errorCode);
    }
}
