using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MyBot.Api.Contracts.Messages;

namespace MyBot.Cli;

/// <summary>The HTTP API of a MyBot server, as the CLI uses it; failures become <see cref="CliException"/> with advice.</summary>
public sealed partial class MyBotApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public MyBotApiClient(Uri baseUrl, string? token)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseUrl => _http.BaseAddress!;

    /// <summary>Sends a message; <paramref name="id"/> makes a retried send count once.</summary>
    public async Task<AcceptedMessage> SendAsync(string user, string? chat, string text, string id, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(
            token => _http.PostAsJsonAsync("/api/messages", new SendMessageRequest(user, text, chat, id), Json, token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<AcceptedMessage>(Json, cancellationToken)
            ?? throw new CliException("The server answered an empty body to the message.");
    }

    /// <summary>Replies after <paramref name="after"/>, waiting up to <paramref name="wait"/> on the server for the first.</summary>
    public async Task<IReadOnlyList<Reply>> GetRepliesAsync(string source, long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"/api/messages?source={Uri.EscapeDataString(source)}&after={after}&wait={wait.TotalSeconds:0}");
        using var response = await SendWithAdviceAsync(token => _http.GetAsync(url, token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<Reply>>(Json, cancellationToken) ?? [];
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendWithAdviceAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CliException($"Cannot reach MyBot at {BaseUrl}: {exception.Message}. Is the server running (dotnet run --project src/MyBot.Server)?", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"MyBot at {BaseUrl} did not answer in time.", exception);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await ReadErrorAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CliException("The server needs its API token: pass --token or set MYBOT_TOKEN."),
                HttpStatusCode.BadRequest => new CliException($"The server refused the request: {detail}"),
                _ => new CliException($"The server answered {(int)response.StatusCode}: {detail}"),
            };
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return TryReadProblemDetail(body) ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? "no detail" : body);
    }

    /// <summary>The server answers every error as a problem (RFC 9457) whose <c>detail</c> says what to do.</summary>
    private static string? TryReadProblemDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("detail", out var detail) || root.TryGetProperty("title", out detail))
                ? detail.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
