using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>Shared Key authorization for the Blob and Queue services (account keys, Azurite).</summary>
/// <remarks>The string to sign follows "Authorize with Shared Key" (version 2015-02-21 and later) to the byte.</remarks>
public sealed class SharedKeyAuthorizer : IStorageRequestAuthorizer
{
    private readonly string _accountName;
    private readonly byte[] _key;

    public SharedKeyAuthorizer(string accountName, string accountKeyBase64)
    {
        _accountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKeyBase64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The AccountKey in MyBot:Storage:Azure:ConnectionString is not valid base64.");
        }
    }

    public StorageAuthenticationKind Kind => StorageAuthenticationKind.SharedKey;

    public ValueTask AuthorizeAsync(StorageRequest request, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var signature = Sign(StringToSign(request));
        message.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {_accountName}:{signature}");
        return ValueTask.CompletedTask;
    }

    internal string StringToSign(StorageRequest request)
    {
        var contentLength = request.Body is { Length: > 0 } body ? body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Header(request, "Content-Encoding")).Append('\n')
            .Append(Header(request, "Content-Language")).Append('\n')
            .Append(contentLength).Append('\n')
            .Append(Header(request, "Content-MD5")).Append('\n')
            .Append(request.Body is null ? string.Empty : request.ContentType ?? string.Empty).Append('\n')
            .Append(string.Empty).Append('\n')
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        foreach (var (name, value) in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(_accountName).Append(request.Uri.AbsolutePath);
        var query = HttpUtility.ParseQueryString(request.Uri.Query);
        foreach (var name in query.AllKeys.Where(k => k is not null).Select(k => k!).OrderBy(k => k.ToLowerInvariant(), StringComparer.Ordinal))
        {
            var values = query.GetValues(name) ?? [];
            builder.Append('\n').Append(name.ToLowerInvariant()).Append(':').Append(string.Join(',', values.Order(StringComparer.Ordinal)));
        }

        return builder.ToString();
    }

    private static string Header(StorageRequest request, string name) => request.Headers.GetValueOrDefault(name) ?? string.Empty;

    private string Sign(string stringToSign) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
}
