using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using MyBot.Agent.Tools;

namespace MyBot.Agent.Llm;

/// <summary>
/// Puts every call of one turn under the turn's <see cref="ILlmCallMeter"/>: a refused call throws
/// <see cref="LlmBudgetExhaustedException"/> without reaching the model, and a served one is counted as soon as it returns (with no usage reported, as a call of no tokens),
/// so a later failure of the turn does not lose it.
/// </summary>
public sealed class BudgetedChatClient(IChatClient innerClient, ILlmCallMeter meter) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await RefuseOverBudgetAsync(cancellationToken);
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        await meter.AfterCallAsync(options?.ModelId ?? string.Empty, response.Usage ?? new UsageDetails(), cancellationToken);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await RefuseOverBudgetAsync(cancellationToken);
        var usage = new UsageDetails();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var content in update.Contents.OfType<UsageContent>())
            {
                usage.Add(content.Details);
            }

            yield return update;
        }

        await meter.AfterCallAsync(options?.ModelId ?? string.Empty, usage, cancellationToken);
    }

    private async Task RefuseOverBudgetAsync(CancellationToken cancellationToken)
    {
        if (await meter.BeforeCallAsync(cancellationToken) is { } refusal)
        {
            throw new LlmBudgetExhaustedException(refusal);
        }
    }
}
