namespace MyBot.Channels.Tests;

public sealed class StoredRepliesTests
{
    private static readonly EventSource Source = EventSource.Parse("http:a:a");

    [Theory]
    [InlineData(0, 1, "out-1")]
    [InlineData(0, 3, "out-1/0")]
    [InlineData(2, 3, "out-1/2")]
    public async Task A_chunk_is_stored_under_its_outbound_id_with_its_index_when_the_reply_has_several(int index, int count, string id)
    {
        var stored = new List<string>();

        var result = await StoredReplies.SendAsync(Chunk(index, count), storedId =>
        {
            stored.Add(storedId);
            return Task.FromResult(41L);
        }, CancellationToken.None);

        Assert.Equal([id], stored);
        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal("41", result.PlatformMessageId);
    }

    [Fact]
    public async Task A_store_that_fails_is_a_transient_failure_to_try_again()
    {
        var result = await StoredReplies.SendAsync(Chunk(0, 1), _ => Task.FromException<long>(new TimeoutException("grain call timed out")), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("grain call timed out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_send_is_cancelled_not_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            StoredReplies.SendAsync(Chunk(0, 1), _ => new TaskCompletionSource<long>().Task, cancelled.Token));
    }

    private static OutboundChunk Chunk(int index, int count) => new(Source, "out-1", index, count, "text", null);
}
