using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobReminderAndDeadLetterTests(AzuriteServer azurite) : IDisposable
{
    private static readonly DateTimeOffset Due = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    [Fact]
    public async Task Reminders_are_grouped_by_partition_and_upserted_by_grain_and_name()
    {
        var reminders = new BlobReminderStorage(_account);
        var grain = new GrainId("delivery", "telegram:1");
        await reminders.UpsertAsync(new ReminderEntry(2, grain, "retry", Due), default);
        await reminders.UpsertAsync(new ReminderEntry(2, grain, "retry", Due.AddMinutes(1)), default);
        await reminders.UpsertAsync(new ReminderEntry(2, grain, "stale", Due), default);
        await reminders.UpsertAsync(new ReminderEntry(5, grain, "other", Due), default);
        await reminders.DeleteAsync(2, grain, "stale", default);

        var two = await reminders.ReadPartitionAsync(2, default);

        Assert.Equal([new ReminderEntry(2, grain, "retry", Due.AddMinutes(1))], two);
        Assert.Single(await reminders.ReadPartitionAsync(5, default));
        Assert.Empty(await reminders.ReadPartitionAsync(7, default));
    }

    [Fact]
    public async Task Concurrent_reminder_writers_in_two_replicas_do_not_lose_each_other()
    {
        BlobReminderStorage[] replicas = [new(_account), new(_account)];

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            replicas[i % 2].UpsertAsync(new ReminderEntry(0, new GrainId("g", $"k{i}"), "r", Due), default)));
        await replicas[0].DeleteAsync(0, new GrainId("g", "k1"), "r", default);

        Assert.Equal(15, (await replicas[1].ReadPartitionAsync(0, default)).Count);
    }

    [Fact]
    public async Task A_delete_of_a_reminder_another_replica_added_after_this_one_last_read_is_not_lost()
    {
        var stale = new BlobReminderStorage(_account);
        var other = new BlobReminderStorage(_account);
        var grain = new GrainId("scheduled", "discord:1:1");
        await stale.UpsertAsync(new ReminderEntry(3, new GrainId("delivery", "x"), "r", Due), default);
        await other.UpsertAsync(new ReminderEntry(3, grain, "message:1", Due), default);

        await stale.DeleteAsync(3, grain, "message:1", default);

        Assert.DoesNotContain(await other.ReadPartitionAsync(3, default), e => e.GrainId == grain);
    }

    [Fact]
    public async Task Dead_letters_are_kept_once_listed_and_deleted()
    {
        var store = new BlobDeadLetterStore(_account);
        var letter = new DeadLetter("inbound:abc/1", "inbound", "telegram:1:2", "{\"x\":1}", "boom", 5, Due);
        await store.AddAsync(letter, default);
        await store.AddAsync(letter with { Error = "again" }, default);
        await store.AddAsync(letter with { Id = "other", FailedAt = Due.AddMinutes(1) }, default);

        var all = await store.ListAsync(default);
        var one = await store.GetAsync("inbound:abc/1", default);
        await store.DeleteAsync("inbound:abc/1", default);

        Assert.Equal(["inbound:abc/1", "other"], all.Select(l => l.Id));
        Assert.Equal(letter, one);
        Assert.Null(await store.GetAsync("inbound:abc/1", default));
        Assert.Single(await store.ListAsync(default));
    }

    public void Dispose() => _account.Dispose();
}
