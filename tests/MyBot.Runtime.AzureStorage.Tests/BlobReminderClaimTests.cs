using MyBot.Runtime.Storage;
using MyBot.TestKit.Azure;

namespace MyBot.Runtime.AzureStorage.Tests;

/// <summary>
/// Two replicas' reminder stores on one account, the way a partition moves: the old owner has not noticed it lost the
/// lease and keeps writing; the new owner has claimed the partition and armed what it read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobReminderClaimTests(AzuriteServer azurite) : IDisposable
{
    private static readonly DateTimeOffset Due = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly AzureStorageAccount _account = TestAccounts.Create(azurite);

    [Fact]
    public async Task The_old_owner_cannot_write_a_reminder_the_new_owner_would_never_arm()
    {
        var oldOwner = new BlobReminderStorage(_account);
        var newOwner = new BlobReminderStorage(_account);
        var pending = Reminder(2, "delivery", "telegram:1:1");
        var late = Reminder(2, "delivery", "telegram:2:2");
        await oldOwner.ClaimPartitionAsync(2, default);
        await oldOwner.UpsertAsync(pending, default);

        var armedByNewOwner = await newOwner.ClaimPartitionAsync(2, default);

        var upsert = await Assert.ThrowsAsync<PartitionLostException>(() => oldOwner.UpsertAsync(late, default));
        Assert.Equal(2, upsert.Partition);
        await Assert.ThrowsAsync<PartitionLostException>(() => oldOwner.DeleteAsync(2, pending.GrainId, pending.Name, default));
        Assert.Equal([pending], armedByNewOwner);
        Assert.Equal([pending], await newOwner.ReadPartitionAsync(2, default));

        // The new owner writes as usual, and other partitions of the old owner are untouched.
        await newOwner.UpsertAsync(late, default);
        await oldOwner.UpsertAsync(Reminder(5, "delivery", "telegram:5:5"), default);
        Assert.Equal(2, (await oldOwner.ReadPartitionAsync(2, default)).Count);
    }

    [Fact]
    public async Task A_write_racing_the_claim_is_either_armed_by_the_new_owner_or_refused()
    {
        // Whatever the interleaving, a reminder the old owner was told is stored must be in what the new owner loaded.
        const int Rounds = 12;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Rounds).Select(async round =>
        {
            var oldOwner = new BlobReminderStorage(_account);
            var newOwner = new BlobReminderStorage(_account);
            var partition = 100 + round;
            await oldOwner.ClaimPartitionAsync(partition, default);
            var reminder = Reminder(partition, "scheduled", $"discord:{round}");

            var write = Task.Run(async () =>
            {
                try
                {
                    await oldOwner.UpsertAsync(reminder, default);
                    return true;
                }
                catch (PartitionLostException)
                {
                    return false;
                }
            });
            var claimed = await newOwner.ClaimPartitionAsync(partition, default);
            var stored = await write;

            Assert.Equal(stored, claimed.Contains(reminder));
            return stored;
        }));

        Assert.Equal(Rounds, outcomes.Length);
    }

    [Fact]
    public async Task A_replica_that_reclaims_a_partition_writes_to_it_again()
    {
        var a = new BlobReminderStorage(_account);
        var b = new BlobReminderStorage(_account);
        await a.ClaimPartitionAsync(7, default);
        await b.ClaimPartitionAsync(7, default);
        await Assert.ThrowsAsync<PartitionLostException>(() => a.UpsertAsync(Reminder(7, "delivery", "x"), default));

        await a.ClaimPartitionAsync(7, default);
        await a.UpsertAsync(Reminder(7, "delivery", "x"), default);

        await Assert.ThrowsAsync<PartitionLostException>(() => b.UpsertAsync(Reminder(7, "delivery", "y"), default));
        Assert.Equal([Reminder(7, "delivery", "x")], await b.ReadPartitionAsync(7, default));
    }

    public void Dispose() => _account.Dispose();

    private static ReminderEntry Reminder(int partition, string type, string key) => new(partition, new GrainId(type, key), "deliver", Due);
}
