using System.Net.Http.Json;
using MyBot.Api.Contracts.DeadLetters;

namespace MyBot.Cli;

/// <summary>The admin dead-letter endpoints (<c>/api/admin/deadletters</c>), which need the API token.</summary>
public sealed partial class MyBotApiClient
{
    private const string DeadLettersRoute = "/api/admin/deadletters";

    public async Task<IReadOnlyList<DeadLetterSummary>> ListDeadLettersAsync(CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(token => _http.GetAsync(DeadLettersRoute, token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<DeadLetterSummary>>(Json, cancellationToken) ?? [];
    }

    public async Task<DeadLetterDetail> GetDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(token => _http.GetAsync(DeadLetterUrl(id), token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<DeadLetterDetail>(Json, cancellationToken)
            ?? throw new CliException("The server answered an empty body for the dead letter.");
    }

    public async Task<DeadLetterRequeued> RetryDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(token => _http.PostAsync($"{DeadLetterUrl(id)}/retry", content: null, token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<DeadLetterRequeued>(Json, cancellationToken)
            ?? throw new CliException("The server answered an empty body to the retry.");
    }

    public async Task DiscardDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(token => _http.DeleteAsync(DeadLetterUrl(id), token), cancellationToken);
    }

    // Ids hold '/', ':' and '#' (they embed conversation and event ids), so each goes into the path as one escaped segment.
    private static string DeadLetterUrl(string id) => $"{DeadLettersRoute}/{Uri.EscapeDataString(id)}";
}
