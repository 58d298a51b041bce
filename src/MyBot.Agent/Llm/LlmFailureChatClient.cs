using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MyBot.Agent.Llm;

/// <summary>
/// Bounds each call by <see cref="LlmOptions.Timeout"/> and turns every failure of the OpenAI client below into an
/// <see cref="LlmException"/>, so the session grain decides alone whether and when a turn is tried again.
/// </summary>
public sealed class LlmFailureChatClient(IChatClient innerClient, TimeSpan timeout, TimeProvider timeProvider) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (Map(exception, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        await using var updates = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                update = updates.Current;
            }
            catch (Exception exception) when (Map(exception, cancellationToken) is { } mapped)
            {
                throw mapped;
            }

            yield return update;
        }
    }

    private LlmException? Map(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException when !callerToken.IsCancellationRequested =>
            new LlmException(LlmErrorKind.Timeout, $"The LLM did not answer within {timeout.TotalSeconds:0.#} s.", null, exception),
        ClientResultException result => LlmErrorMapping.ToLlmException(result, timeProvider),
        _ => null,
    };
}
