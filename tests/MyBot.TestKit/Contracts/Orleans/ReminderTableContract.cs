using Orleans;
using Orleans.Runtime;
using Xunit;

namespace MyBot.TestKit.Contracts.Orleans;

/// <summary>What every <see cref="IReminderTable"/> the app uses must do; each provider's tests derive from this.</summary>
public abstract class ReminderTableContract
{
    /// <summary>A table on this test's storage, started; each call is a new instance over the same stored rows.</summary>
    protected abstract Task<IReminderTable> CreateTableAsync();

    [Fact]
    public async Task An_upserted_row_reads_back_with_its_etag_also_from_a_new_table()
    {
        var table = await CreateTableAsync();
        var entry = Entry(NewGrain(), "wake");
        var etag = await table.UpsertRow(entry);
        Assert.False(string.IsNullOrEmpty(etag));

        foreach (var reader in new[] { table, await CreateTableAsync() })
        {
            var row = await reader.ReadRow(entry.GrainId, "wake");
            Assert.NotNull(row);
            Assert.Equal(etag, row.ETag);
            Assert.Equal(entry.StartAt, row.StartAt);
            Assert.Equal(entry.Period, row.Period);
        }
    }

    [Fact]
    public async Task A_missing_row_reads_as_null()
    {
        var table = await CreateTableAsync();
        Assert.Null(await table.ReadRow(NewGrain(), "nothing"));
        Assert.Empty((await table.ReadRows(NewGrain())).Reminders);
    }

    [Fact]
    public async Task Upserting_again_replaces_the_row_and_changes_its_etag()
    {
        var table = await CreateTableAsync();
        var grain = NewGrain();
        var first = await table.UpsertRow(Entry(grain, "wake"));
        var changed = Entry(grain, "wake");
        changed.Period = TimeSpan.FromMinutes(7);
        var second = await table.UpsertRow(changed);

        Assert.NotEqual(first, second);
        var row = await table.ReadRow(grain, "wake");
        Assert.Equal(TimeSpan.FromMinutes(7), row!.Period);
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Rows_of_a_grain_are_read_together_and_only_theirs()
    {
        var table = await CreateTableAsync();
        var grain = NewGrain();
        await table.UpsertRow(Entry(grain, "a"));
        await table.UpsertRow(Entry(grain, "b"));
        await table.UpsertRow(Entry(NewGrain(), "a"));

        var rows = (await table.ReadRows(grain)).Reminders;
        Assert.Equal(["a", "b"], rows.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task Remove_needs_the_current_etag_and_is_durable()
    {
        var table = await CreateTableAsync();
        var grain = NewGrain();
        var first = await table.UpsertRow(Entry(grain, "wake"));
        var current = await table.UpsertRow(Entry(grain, "wake"));

        Assert.False(await table.RemoveRow(grain, "wake", first!));
        Assert.NotNull(await table.ReadRow(grain, "wake"));
        Assert.True(await table.RemoveRow(grain, "wake", current!));
        Assert.Null(await table.ReadRow(grain, "wake"));
        Assert.Null(await (await CreateTableAsync()).ReadRow(grain, "wake"));
        Assert.False(await table.RemoveRow(grain, "wake", current!));
    }

    [Fact]
    public async Task A_range_read_returns_the_rows_whose_grain_hash_is_in_the_ring_range_with_wrap_around()
    {
        var table = await CreateTableAsync();
        var grains = Enumerable.Range(0, 24).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "wake"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var low = hashes[5];
        var high = hashes[17];

        await AssertRangeAsync(table, grains, low, high, h => h > low && h <= high);
        await AssertRangeAsync(table, grains, high, low, h => h > high || h <= low);
        await AssertRangeAsync(table, grains, low, low, _ => true);
    }

    protected static GrainId NewGrain() => GrainId.Create("contract-reminder", $"telegram:{Guid.NewGuid():N}");

    protected static ReminderEntry Entry(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(1),
    };

    private static async Task AssertRangeAsync(IReminderTable table, List<GrainId> grains, uint begin, uint end, Func<uint, bool> inRange)
    {
        // Other tests' rows may share the table: look only at this test's grains.
        var read = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).Where(grains.Contains).ToHashSet();
        var expected = grains.Where(g => inRange(g.GetUniformHashCode())).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, read);
    }
}
