namespace MyBot.Runtime.AzureStorage.Rest;

/// <summary>One REST call, kept as data so each retry builds and signs a fresh <see cref="HttpRequestMessage"/>.</summary>
public sealed class StorageRequest(StorageService service, HttpMethod method, Uri uri, string operation)
{
    public StorageService Service { get; } = service;

    public HttpMethod Method { get; } = method;

    public Uri Uri { get; } = uri;

    /// <summary>What the call does, for logs and error messages (e.g. "put blob").</summary>
    public string Operation { get; } = operation;

    /// <summary>Headers exactly as sent; the signer reads the same values, so what is signed is what goes on the wire.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ReadOnlyMemory<byte>? Body { get; init; }

    public string? ContentType { get; init; }

    public StorageRequest WithHeader(string name, string? value)
    {
        if (value is not null)
        {
            Headers[name] = value;
        }

        return this;
    }

    internal HttpRequestMessage ToHttpRequestMessage()
    {
        var message = new HttpRequestMessage(Method, Uri);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is { } body)
        {
            var content = new ReadOnlyMemoryContent(body);
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            message.Content = content;
        }

        return message;
    }
}
