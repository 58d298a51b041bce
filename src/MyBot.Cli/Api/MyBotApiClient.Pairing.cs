using System.Net.Http.Json;
using MyBot.Api.Contracts.Pairing;

namespace MyBot.Cli;

/// <summary>The admin pairing endpoints (<c>/api/admin/pairing</c>), which need the API token.</summary>
public sealed partial class MyBotApiClient
{
    public async Task<PairingOverview> ListPairingsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(token => _http.GetAsync("/api/admin/pairing", token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<PairingOverview>(Json, cancellationToken) ?? new PairingOverview([], [], []);
    }

    /// <param name="identity">A configured identity the approved account is linked to, or null.</param>
    public async Task<ApprovedPairing> ApprovePairingAsync(string code, string? identity, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(
            token => _http.PostAsJsonAsync("/api/admin/pairing/approve", new PairingCodeRequest(code, identity), Json, token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<ApprovedPairing>(Json, cancellationToken)
            ?? throw new CliException("The server answered an empty body to the approval.");
    }

    public async Task<PendingPairing> DenyPairingAsync(string code, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(
            token => _http.PostAsJsonAsync("/api/admin/pairing/deny", new PairingCodeRequest(code), Json, token), cancellationToken);
        return await response.Content.ReadFromJsonAsync<PendingPairing>(Json, cancellationToken)
            ?? throw new CliException("The server answered an empty body to the denial.");
    }

    public async Task RemoveApprovedAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        using var response = await SendWithAdviceAsync(
            token => _http.DeleteAsync($"/api/admin/pairing/approved/{Uri.EscapeDataString(platform)}/{Uri.EscapeDataString(userId)}", token),
            cancellationToken);
    }
}
