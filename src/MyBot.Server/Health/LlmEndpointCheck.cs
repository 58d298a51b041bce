using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Llm;

namespace MyBot.Server.Health;

/// <summary>
/// Asks the LLM endpoint once, in the background at start, for <c>GET {endpoint}/models</c> (free, and served by OpenAI,
/// Ollama, vLLM and LM Studio), so a wrong endpoint or key shows in the log and in <c>/readyz</c> before the first message
/// waits through its retries. The server starts either way.
/// </summary>
internal sealed partial class LlmEndpointCheck(
    IOptions<LlmOptions> options, IHttpClientFactory httpClients, LlmEndpointStatus status, ILogger<LlmEndpointCheck> logger) : BackgroundService
{
    public const string HttpClientName = "llm-endpoint-check";

    private static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var llm = options.Value;
        if (!llm.IsConfigured)
        {
            return;
        }

        var endpoint = llm.Endpoint ?? OpenAIEndpoint;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/models"));
        if (!string.IsNullOrWhiteSpace(llm.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", llm.ApiKey);
        }

        string? problem;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
            problem = Describe(endpoint, response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            problem = $"{endpoint.GetLeftPart(UriPartial.Path)} is unreachable ({ex.Message.TrimEnd('.')}): check MyBot:Llm:Endpoint and that the LLM server runs";
        }

        status.Report(problem);
        if (problem is not null)
        {
            LogProblem(problem);
        }
    }

    /// <summary>The problem a status code to <c>GET {endpoint}/models</c> shows, or null when the endpoint looks usable.</summary>
    public static string? Describe(Uri endpoint, HttpStatusCode code)
    {
        var shown = endpoint.GetLeftPart(UriPartial.Path);
        return code switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"{shown} refused the API key ({(int)code}): check MyBot:Llm:ApiKey (or OPENAI_API_KEY)",

            // Some servers list no models; only a base URL without its version path is a sure mistake.
            HttpStatusCode.NotFound when !VersionPath().IsMatch(endpoint.AbsolutePath) =>
                $"{shown} answered 404: MyBot:Llm:Endpoint needs the API's version path, e.g. {shown.TrimEnd('/')}/v1",
            _ when (int)code >= 500 => $"{shown} answered {(int)code}: the LLM server has a problem",
            _ => null,
        };
    }

    [GeneratedRegex(@"/v\d+[a-z0-9]*/?$", RegexOptions.IgnoreCase)]
    private static partial Regex VersionPath();

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "LLM check: {Problem}. The server runs; replies fail until this is fixed.")]
    private partial void LogProblem(string problem);
}
