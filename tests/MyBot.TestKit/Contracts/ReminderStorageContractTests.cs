using MyBot.Runtime;
using MyBot.Runtime.Storage;
using Xunit;

namespace MyBot.TestKit.Contracts;

public abstract class ReminderStorageContractTests
{
    protected abstract Task<IReminderStorage> CreateStorageAsync();

    [Fact]
    public async Task Upsert_read_by_partition_and_delete()
    {
        var storage = await CreateStorageAsync();
        var due = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var a = new ReminderEntry(1, new GrainId("delivery", "telegram:1:2"), "deliver", due);
        var b = new ReminderEntry(2, new GrainId("session", "discord:1:2"), "remind:1", due);
        await storage.UpsertAsync(a, CancellationToken.None);
        await storage.UpsertAsync(b, CancellationToken.None);
        Assert.Equal([a], await storage.ReadPartitionAsync(1, CancellationToken.None));
        await storage.UpsertAsync(a with { DueAt = due.AddHours(1) }, CancellationToken.None);
        Assert.Equal([a with { DueAt = due.AddHours(1) }], await storage.ReadPartitionAsync(1, CancellationToken.None));
        await storage.DeleteAsync(1, a.GrainId, a.Name, CancellationToken.None);
        Assert.Empty(await storage.ReadPartitionAsync(1, CancellationToken.None));
        Assert.Single(await storage.ReadPartitionAsync(2, CancellationToken.None));
    }

    [Fact]
    public async Task Claiming_a_partition_returns_its_reminders_and_the_claimant_keeps_writing()
    {
        var storage = await CreateStorageAsync();
        var due = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var before = new ReminderEntry(3, new GrainId("delivery", "http:me"), "deliver", due);
        var after = new ReminderEntry(3, new GrainId("scheduled", "http:me"), "message:1", due.AddDays(1));
        await storage.UpsertAsync(before, CancellationToken.None);

        Assert.Equal([before], await storage.ClaimPartitionAsync(3, CancellationToken.None));
        Assert.Empty(await storage.ClaimPartitionAsync(4, CancellationToken.None));

        await storage.UpsertAsync(after, CancellationToken.None);
        await storage.DeleteAsync(3, before.GrainId, before.Name, CancellationToken.None);
        Assert.Equal([after], await storage.ClaimPartitionAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_a_missing_reminder_is_not_an_error()
    {
        var storage = await CreateStorageAsync();
        await storage.DeleteAsync(0, new GrainId("g", "k"), "none", CancellationToken.None);
    }
}
