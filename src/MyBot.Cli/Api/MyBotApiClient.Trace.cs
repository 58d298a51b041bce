using System.Net.Http.Json;

namespace MyBot.Cli;

/// <summary>The admin trace endpoint (<c>/api/admin/trace</c>), which needs the API token.</summary>
public sealed partial class MyBotApiClient
{
    public async Task<MessageTraceReport> GetTraceAsync(string eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventId);

        // The route takes the rest of the path, so the id's '/' stay; its other characters ('#', '?', '%') are escaped.
        var path = string.Join('/', eventId.Split('/').Select(Uri.EscapeDataString));
        using var response = await SendWithAdviceAsync(token => _http.GetAsync($"/api/admin/trace/{path}", token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<MessageTraceReport>(Json, cancellationToken)
            ?? throw new CliException("The server answered an empty body for the trace.");
    }
}
