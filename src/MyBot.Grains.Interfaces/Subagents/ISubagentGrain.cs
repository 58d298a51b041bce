namespace MyBot.Grains;

/// <summary>
/// One task an agent handed to another agent (<c>dispatch_agent</c>), run as its own session. The key comes from the
/// caller's turn and the task (<see cref="SubagentTask.SessionKeyFor"/>), so a turn that is attempted again after a
/// failure or a crash finds the answer here instead of running the subagent a second time.
/// </summary>
public interface ISubagentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the task once and returns its answer; later calls return the same answer. The subagent's own time limit
    /// (<c>MyBot:Subagents:TimeLimit</c>, at most ten minutes) ends a run that takes too long with an error answer, so the
    /// call's timeout is above it.
    /// </summary>
    [ResponseTimeout("00:11:00")]
    Task<SubagentAnswer> RunAsync(SubagentTask task);
}
