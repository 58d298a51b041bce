namespace MyBot.Agent.History;

/// <summary>A cheap token estimate (about four characters per token for English, plus per-message overhead); close enough for budgeting.</summary>
public static class TokenEstimator
{
    private const int PerMessageOverhead = 4;

    public static int Estimate(string? text) => text is null ? 0 : (text.Length + 3) / 4 + PerMessageOverhead;

    public static int Estimate(IEnumerable<HistoryMessage> messages) => messages.Sum(m => Estimate(m.Text));
}
