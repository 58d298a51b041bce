using MyBot.Agent.History;

namespace MyBot.Agent.Sessions;

public sealed class SessionState
{
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The recent window sent to the model; bounded so the state does not grow with every turn.</summary>
    public List<HistoryMessage> Recent { get; set; } = [];

    /// <summary>Ids of the inbound events already answered, newest last: a redelivered event is recognised and skipped.</summary>
    public List<string> Processed { get; set; } = [];
}
