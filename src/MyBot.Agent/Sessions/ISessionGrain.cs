using MyBot.Channels;
using MyBot.Runtime;

namespace MyBot.Agent.Sessions;

/// <summary>The conversation of one EventSource (its string form is the key): runs the agent turn for each inbound event.</summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <param name="attempt">Which attempt of the stream this is: a transient LLM failure before the last attempt is retried by the stream.</param>
    Task HandleAsync(InboundEvent inbound, int attempt);
}
