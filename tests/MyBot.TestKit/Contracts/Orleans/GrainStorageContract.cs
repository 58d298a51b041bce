using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace MyBot.TestKit.Contracts.Orleans;

/// <summary>
/// Orleans' ETag contract that every <see cref="IGrainStorage"/> the app uses must keep: null ETag means no record,
/// writes are create-only or if-match, a conflict is an <see cref="InconsistentStateException"/>. Each provider's
/// tests derive from this.
/// </summary>
public abstract class GrainStorageContract
{
    private const string StateName = "state";

    /// <summary>A provider on this test's storage; each call is a new instance over the same stored data.</summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    [Fact]
    public async Task A_missing_record_reads_as_new_state_without_etag()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<ContractState>(new ContractState { Text = "left over" });
        await storage.ReadStateAsync(StateName, NewId(), state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(string.Empty, state.State!.Text);
    }

    [Fact]
    public async Task A_created_record_reads_back_with_its_etag_from_a_new_provider()
    {
        var id = NewId();
        var written = State("hello", "a", "b");
        await (await CreateStorageAsync()).WriteStateAsync(StateName, id, written);
        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);

        var read = new GrainState<ContractState>(new ContractState());
        await (await CreateStorageAsync()).ReadStateAsync(StateName, id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("hello", read.State!.Text);
        Assert.Equal(["a", "b"], read.State!.Items);
    }

    [Fact]
    public async Task Create_only_fails_when_the_record_exists()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        await storage.WriteStateAsync(StateName, id, State("first"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, State("second")));
        Assert.Equal("first", (await ReadAsync(storage, id)).State!.Text);
    }

    [Fact]
    public async Task A_write_with_the_current_etag_replaces_the_record_and_changes_the_etag()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var state = State("one");
        await storage.WriteStateAsync(StateName, id, state);
        var first = state.ETag;
        state.State!.Text = "two";
        await storage.WriteStateAsync(StateName, id, state);
        Assert.NotEqual(first, state.ETag);
        var read = await ReadAsync(storage, id);
        Assert.Equal("two", read.State!.Text);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_keeps_the_newer_record()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var state = State("one");
        await storage.WriteStateAsync(StateName, id, state);
        var stale = State("stale");
        stale.ETag = state.ETag;
        state.State!.Text = "two";
        await storage.WriteStateAsync(StateName, id, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, stale));
        Assert.Equal("two", (await ReadAsync(storage, id)).State!.Text);
    }

    [Fact]
    public async Task A_write_with_an_etag_fails_when_the_record_is_gone()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var state = State("one");
        await storage.WriteStateAsync(StateName, id, state);
        var other = await ReadAsync(storage, id);
        await storage.ClearStateAsync(StateName, id, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, state));
    }

    [Fact]
    public async Task Clear_with_the_current_etag_removes_the_record_and_a_create_follows()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var state = State("one");
        await storage.WriteStateAsync(StateName, id, state);
        await storage.ClearStateAsync(StateName, id, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await ReadAsync(storage, id)).RecordExists);

        await storage.WriteStateAsync(StateName, id, State("again"));
        Assert.Equal("again", (await ReadAsync(storage, id)).State!.Text);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_fails_and_keeps_the_record()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var state = State("one");
        await storage.WriteStateAsync(StateName, id, state);
        var stale = new GrainState<ContractState>(new ContractState()) { ETag = state.ETag };
        await storage.WriteStateAsync(StateName, id, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, id, stale));
        Assert.True((await ReadAsync(storage, id)).RecordExists);
    }

    [Fact]
    public async Task States_of_different_names_and_grains_are_separate()
    {
        var storage = await CreateStorageAsync();
        var id = NewId();
        var otherId = NewId();
        await storage.WriteStateAsync(StateName, id, State("mine"));
        await storage.WriteStateAsync("other", id, State("other name"));
        await storage.WriteStateAsync(StateName, otherId, State("other grain"));

        Assert.Equal("mine", (await ReadAsync(storage, id)).State!.Text);
        var otherName = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync("other", id, otherName);
        Assert.Equal("other name", otherName.State!.Text);
        Assert.Equal("other grain", (await ReadAsync(storage, otherId)).State!.Text);
    }

    /// <summary>Keys with characters no file system or URL takes as they are.</summary>
    protected static GrainId NewId() => GrainId.Create("contract-grain", $"telegram:1/2\\3?*<{Guid.NewGuid():N}>");

    protected static GrainState<ContractState> State(string text, params string[] items) =>
        new(new ContractState { Text = text, Items = [.. items] });

    protected static async Task<GrainState<ContractState>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<ContractState>(new ContractState());
        await storage.ReadStateAsync(StateName, id, state);
        return state;
    }
}
