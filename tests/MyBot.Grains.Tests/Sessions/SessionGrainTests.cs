using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using MyBot.Agent.Llm;
using MyBot.Channels;
using MyBot.Grains.DeadLetters;
using MyBot.Grains.Sessions;
using MyBot.Grains.Tests.Support;
using MyBot.TestKit.Llm;
using Orleans.Configuration;

namespace MyBot.Grains.Tests.Sessions;

public sealed class SessionGrainTests : IDisposable
{
    private static readonly EventSource Source = new("test", "u1", "c1");
    private readonly GrainsTestSetup _setup = new();

    [Fact]
    public async Task A_published_message_is_answered_through_the_delivery_grain_and_leaves_the_inbox()
    {
        _setup.Llm.Reply("Hello back.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "hello"));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");
        var reply = Assert.Single(_setup.Channel.Delivered);
        Assert.Equal("Hello back.", reply.Text);
        Assert.Equal(OutboundEvent.CreateId(Inbound("1", "hello").Id, 0), reply.OutboundId);
        Assert.Equal("pm-1", reply.ReplyToPlatformMessageId);
        Assert.Contains(Source, _setup.Channel.Typing);
        await cluster.WaitUntilAsync(async () => await cluster.Session(Source).GetSnapshotAsync() == new SessionSnapshot(0, 0, 1), "the inbox to empty");
    }

    [Fact]
    public async Task A_command_is_answered_without_the_llm_and_without_the_typing_indicator()
    {
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "/status"));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the command's reply");
        Assert.Empty(_setup.Llm.Requests);
        Assert.Empty(_setup.Channel.Typing);
    }

    [Fact]
    public async Task An_event_published_twice_is_answered_once()
    {
        _setup.Llm.Reply("Once.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var inbound = Inbound("1", "hello");

        await cluster.PublishAsync(inbound);
        await cluster.PublishAsync(inbound);
        await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).AnsweredCount == 1, "the answer");
        await cluster.PublishAsync(inbound);
        await cluster.PublishAsync(Inbound("2", "/status"));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the later message's reply");
        Assert.Single(_setup.Llm.Requests);
        Assert.Equal(["Once.", "status"], _setup.Channel.Delivered.Select(c => c.Text.StartsWith("Once.", StringComparison.Ordinal) ? "Once." : "status"));
        Assert.Equal(new SessionSnapshot(0, 0, 2), await cluster.Session(Source).GetSnapshotAsync());
    }

    [Fact]
    public async Task Messages_are_accepted_into_the_inbox_while_a_turn_runs_and_answered_in_order()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _setup.Llm
            .ThenAsync(async _ =>
            {
                await release.Task;
                return ScriptedChatClient.Response(new(Microsoft.Extensions.AI.ChatRole.Assistant, "first answer"), 10, 5);
            })
            .Reply("second answer");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "first"));
        await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 1, "the first turn to ask the model");
        await cluster.PublishAsync(Inbound("2", "second"));

        // The stream's call for the second message returned while the first turn is still waiting for the model.
        await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).InboxCount == 2, "the second message in the inbox");
        Assert.Single(_setup.Llm.Requests);
        release.SetResult();

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "both replies");
        Assert.Equal(["first answer", "second answer"], _setup.Channel.Delivered.Select(c => c.Text));
        Assert.Equal(2, _setup.Llm.Requests.Count);
    }

    [Fact]
    public async Task A_turn_longer_than_the_grain_call_timeout_is_answered_once_with_one_llm_call()
    {
        _setup.ResponseTimeout = TimeSpan.FromSeconds(2);
        var checkedDuringTheTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _setup.Llm.ThenAsync(async _ =>
        {
            // Longer than the grain call timeout, and never over before the test has looked at the grain mid-turn,
            // however slowly that call comes back on a loaded machine.
            await Task.WhenAll(Task.Delay(TimeSpan.FromSeconds(5)), checkedDuringTheTurn.Task);
            return ScriptedChatClient.Response(new(Microsoft.Extensions.AI.ChatRole.Assistant, "worth the wait"), 10, 5);
        });
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);

        await cluster.PublishAsync(Inbound("1", "think hard"));
        await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 1, "the slow call to start");

        // The grain answers while its turn waits for the model: the turn does not hold the grain's calls.
        Assert.Equal(new SessionSnapshot(1, 1, 0), await cluster.Session(Source).GetSnapshotAsync());
        Assert.Empty(_setup.Channel.Delivered);
        checkedDuringTheTurn.SetResult();
        await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).AnsweredCount == 1, "the slow answer");
        Assert.Equal("worth the wait", Assert.Single(_setup.Channel.Delivered).Text);
        Assert.Single(_setup.Llm.Requests);
        Assert.Empty(await _setup.DeadLetters.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Transient_llm_failures_are_retried_with_backoff_then_dead_lettered_and_the_user_is_told()
    {
        _setup.Time = new FakeTimeProvider();
        _setup.Settings["MyBot:Session:MaxAttempts"] = "3";
        _setup.Llm.Otherwise = _ => throw new LlmException(LlmErrorKind.ServerError, "The model is down.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var inbound = Inbound("1", "are you there?");

        await cluster.PublishAsync(inbound);
        await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 1, "the first attempt");
        Assert.Equal(1, (await cluster.Session(Source).GetSnapshotAsync()).CurrentAttempts);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the notice", step: TimeSpan.FromMilliseconds(500));

        Assert.Equal(3, _setup.Llm.Requests.Count);
        Assert.Contains("after 3 tries", Assert.Single(_setup.Channel.Delivered).Text, StringComparison.Ordinal);
        var letter = Assert.Single(await _setup.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Equal((SessionGrain.DeadLetterOrigin, Source.ToString(), 3), (letter.Origin, letter.Key, letter.Attempts));
        Assert.Contains("The model is down.", letter.Error, StringComparison.Ordinal);
        Assert.Equal(inbound, JsonSerializer.Deserialize<InboundEvent>(letter.Payload, ChannelJson.Options));
        Assert.Equal(new SessionSnapshot(0, 0, 1), await cluster.Session(Source).GetSnapshotAsync());
    }

    [Fact]
    public async Task A_turn_that_cannot_reach_a_silo_tries_again_only_once_the_cluster_can_have_declared_that_silo_dead()
    {
        var time = new FakeTimeProvider();
        _setup.Time = time;
        DateTimeOffset? retriedAt = null;
        _setup.Llm
            .Then(_ => throw new SiloUnavailableException("The silo holding a grain of the turn stopped answering."))
            .Then(_ =>
            {
                retriedAt = time.GetUtcNow();
                return ScriptedChatClient.Response(new(Microsoft.Extensions.AI.ChatRole.Assistant, "Back."), 10, 5);
            });
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await cluster.PublishAsync(Inbound("1", "hello"));
        await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 1, "the first attempt");
        var failedAt = time.GetUtcNow();

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the answer", step: TimeSpan.FromSeconds(1));

        // One second is the session's own backoff; the retry waits for Orleans' probes instead. Timed at the retry's
        // call to the model: the clock keeps moving while the answer is delivered, by as much as the machine is slow.
        Assert.InRange(retriedAt!.Value - failedAt, SessionGrain.DeathDeclarationTime(new ClusterMembershipOptions()), TimeSpan.FromMinutes(1));
        Assert.Equal("Back.", _setup.Channel.Delivered.Single().Text);
        Assert.Empty(await _setup.DeadLetters.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_dead_lettered_message_retried_is_answered_once_and_its_letter_deleted()
    {
        _setup.Settings["MyBot:Session:MaxAttempts"] = "1";
        _setup.Llm.Then(_ => throw new LlmException(LlmErrorKind.Timeout, "Too slow.")).Reply("Here I am.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var inbound = Inbound("1", "are you there?");
        await cluster.PublishAsync(inbound);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the notice");
        var letter = Assert.Single(await _setup.DeadLetters.ListAsync(CancellationToken.None));

        var result = await cluster.Service<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);
        await cluster.Session(Source).RetryAsync(inbound, letter.Id);

        Assert.Equal((DeadLetterRetryStatus.Requeued, SessionGrain.DeadLetterOrigin), (result.Status, result.RequeuedTo));
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the answer");
        Assert.Equal("Here I am.", _setup.Channel.Delivered.Last().Text);
        Assert.Empty(await _setup.DeadLetters.ListAsync(CancellationToken.None));
        await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).InboxCount == 0, "the inbox to empty");
        Assert.Equal(2, _setup.Llm.Requests.Count);
        Assert.Equal(2, _setup.Channel.Delivered.Count);
    }

    [Fact]
    public async Task A_letter_retried_while_its_turn_is_still_giving_up_is_answered_once()
    {
        _setup.Settings["MyBot:Session:MaxAttempts"] = "1";
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _setup.DeadLetters.AfterAdd = acknowledged.Task;
        _setup.Llm.Then(_ => throw new LlmException(LlmErrorKind.Timeout, "Too slow.")).Reply("Here I am.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var inbound = Inbound("1", "are you there?");
        await cluster.PublishAsync(inbound);
        await cluster.WaitUntilAsync(async () => (await _setup.DeadLetters.ListAsync(CancellationToken.None)).Count == 1, "the letter");
        var letter = Assert.Single(await _setup.DeadLetters.ListAsync(CancellationToken.None));

        // The owner retries as soon as the letter is listed, while the turn that wrote it has not finished giving up.
        var retry = cluster.Service<DeadLetterRetrier>().RetryAsync(letter.Id, CancellationToken.None);
        await cluster.WaitUntilAsync(() => retry.IsCompleted, "the retry to be taken");
        _setup.DeadLetters.AfterAdd = null;
        acknowledged.SetResult();

        Assert.Equal(DeadLetterRetryStatus.Requeued, (await retry).Status);
        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 2, "the answer");
        Assert.Equal("Here I am.", _setup.Channel.Delivered.Last().Text);
        await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).InboxCount == 0, "the inbox to empty");
        Assert.Equal(2, _setup.Llm.Requests.Count);
        Assert.Equal(2, _setup.Channel.Delivered.Count);
    }

    [Fact]
    public async Task A_storage_failure_while_accepting_is_retried_by_the_stream_and_answered_once()
    {
        _setup.Llm.Reply("Stored at last.");
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        await cluster.Session(Source).GetSnapshotAsync();
        _setup.Storage.FailNextWrites(1);

        await cluster.PublishAsync(Inbound("1", "hello"));

        await cluster.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the reply");
        Assert.Single(_setup.Llm.Requests);
        await cluster.WaitUntilAsync(async () => (await cluster.Session(Source).GetSnapshotAsync()).AnsweredCount == 1, "the answer recorded");
        Assert.Single(_setup.Channel.Delivered);
    }

    [Fact]
    public async Task A_message_whose_turn_was_cut_on_its_last_attempt_goes_to_the_dead_letters_without_running_again()
    {
        _setup.Settings["MyBot:Session:MaxAttempts"] = "1";
        var never = new TaskCompletionSource<Microsoft.Extensions.AI.ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _setup.Llm.ThenAsync(_ => never.Task);
        await using (var cluster = await GrainsTestCluster.StartAsync(_setup))
        {
            await cluster.PublishAsync(Inbound("1", "this one kills the silo"));
            await cluster.WaitUntilAsync(() => _setup.Llm.Requests.Count == 1, "the turn to start");
            await cluster.Cluster.KillSiloAsync(cluster.Cluster.Silos[0]);
        }

        await using var restarted = await GrainsTestCluster.StartAsync(_setup);
        await restarted.Session(Source).GetSnapshotAsync();

        await restarted.WaitUntilAsync(() => _setup.Channel.Delivered.Count == 1, "the notice");
        var letter = Assert.Single(await _setup.DeadLetters.ListAsync(CancellationToken.None));
        Assert.Contains("cut 1 times", letter.Error, StringComparison.Ordinal);
        Assert.Single(_setup.Llm.Requests);
        never.SetCanceled();
    }

    [Fact]
    public async Task The_session_and_delivery_keep_the_way_of_the_configured_number_of_recent_messages()
    {
        _setup.Settings["MyBot:Telemetry:TracedMessages"] = "2";
        _setup.Llm.Otherwise = _ => ScriptedChatClient.Response(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, "ok"), 7, 3);
        await using var cluster = await GrainsTestCluster.StartAsync(_setup);
        var delivery = cluster.Grains.GetGrain<IDeliveryGrain>(Source.ToString());

        for (var n = 1; n <= 3; n++)
        {
            await cluster.PublishAsync(Inbound($"{n}", $"message {n}"));
            var id = Inbound($"{n}", string.Empty).Id;
            await cluster.WaitUntilAsync(async () => (await delivery.GetTracesAsync(id)) is [{ DeliveredAt: not null }], $"reply {n} delivered");
        }

        Assert.Null(await cluster.Session(Source).GetTraceAsync(Inbound("1", string.Empty).Id));
        Assert.Empty(await delivery.GetTracesAsync(Inbound("1", string.Empty).Id));
        var trace = await cluster.Session(Source).GetTraceAsync(Inbound("3", string.Empty).Id);
        Assert.NotNull(trace);
        Assert.NotNull(trace.AnsweredAt);
        var turn = Assert.Single(trace.Turns);
        Assert.Equal((1, "answered"), (turn.Attempt, turn.Outcome));
        var call = Assert.Single(turn.LlmCalls);
        Assert.Equal((7L, 3L), (call.InputTokens, call.OutputTokens));
        var sent = Assert.Single(await delivery.GetTracesAsync(trace.EventId));
        Assert.Equal("sent", Assert.Single(sent.Sends).Outcome);
        Assert.NotNull(await cluster.Session(Source).GetTraceAsync(Inbound("2", string.Empty).Id));
    }

    public void Dispose() => _setup.Dispose();

    private InboundEvent Inbound(string messageId, string text) =>
        new(InboundEvent.CreateId(Source, messageId), Source, text, (_setup.Time ?? TimeProvider.System).GetUtcNow(), "pm-" + messageId);
}
