using MyBot.TestKit.Orleans;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Access;

public sealed class PairingGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new();
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync(time: _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IPairingGrain Pairing => _cluster.Grains.GetGrain<IPairingGrain>(IPairingGrain.Key);

    [Fact]
    public async Task A_user_asking_again_gets_the_same_code_and_another_user_another_code()
    {
        var first = await Pairing.GetOrCreateCodeAsync("telegram", "42", "Eve", Lifetime);
        _time.Advance(TimeSpan.FromMinutes(59));
        var again = await Pairing.GetOrCreateCodeAsync("telegram", "42", "Eve", Lifetime);
        var other = await Pairing.GetOrCreateCodeAsync("discord", "42", null, Lifetime);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Code, other.Code);
        Assert.Matches("^[A-HJ-NP-Z2-9]{8}$", first.Code);
        Assert.Equal(first.CreatedAt + Lifetime, first.ExpiresAt);
        Assert.Equal(2, _cluster.Store.WriteCount);
    }

    [Fact]
    public async Task An_expired_code_cannot_be_approved_and_the_user_gets_a_new_one()
    {
        var old = await Pairing.GetOrCreateCodeAsync("telegram", "42", null, Lifetime);

        _time.Advance(Lifetime);

        Assert.Null(await Pairing.ApproveAsync(old.Code));
        Assert.Empty((await Pairing.ListAsync()).Pending);
        var fresh = await Pairing.GetOrCreateCodeAsync("telegram", "42", null, Lifetime);
        Assert.NotEqual(old.Code, fresh.Code);
        Assert.Equal(_time.GetUtcNow() + Lifetime, fresh.ExpiresAt);
    }

    [Fact]
    public async Task A_code_approves_once_and_the_approval_outlives_the_activation()
    {
        var request = await Pairing.GetOrCreateCodeAsync("telegram", "42", "Eve", Lifetime);

        var approved = await Pairing.ApproveAsync($"  {request.Code.ToLowerInvariant()} ");
        var again = await Pairing.ApproveAsync(request.Code);
        await _cluster.Cluster.DeactivateAsync(Pairing);

        Assert.Equal(("telegram", "42", "Eve"), (approved!.Platform, approved.UserId, approved.DisplayName));
        Assert.Null(again);
        Assert.True(await Pairing.IsApprovedAsync("telegram", "42"));
        Assert.False(await Pairing.IsApprovedAsync("discord", "42"));
        var list = await Pairing.ListAsync();
        Assert.Empty(list.Pending);
        Assert.Equal(approved, Assert.Single(list.Approved));
    }

    [Fact]
    public async Task Codes_asked_for_at_the_same_time_all_land_with_distinct_codes()
    {
        var requests = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => Pairing.GetOrCreateCodeAsync("telegram", $"{i}", null, Lifetime))));

        var pending = (await Pairing.ListAsync()).Pending;
        Assert.Equal(30, pending.Count);
        Assert.Equal(30, requests.Select(r => r.Code).Distinct().Count());
        Assert.Equal(requests.Select(r => r.Code).Order(), pending.Select(p => p.Code).Order());
    }

    [Fact]
    public async Task A_denied_code_cannot_be_approved_and_the_user_asking_again_gets_a_new_one()
    {
        var request = await Pairing.GetOrCreateCodeAsync("telegram", "42", "Eve", Lifetime);

        var denied = await Pairing.DenyAsync($" {request.Code.ToLowerInvariant()}");
        await _cluster.Cluster.DeactivateAsync(Pairing);

        Assert.Equal(request, denied);
        Assert.Null(await Pairing.DenyAsync(request.Code));
        Assert.Null(await Pairing.ApproveAsync(request.Code));
        Assert.False(await Pairing.IsApprovedAsync("telegram", "42"));
        Assert.Empty((await Pairing.ListAsync()).Pending);
        Assert.NotEqual(request.Code, (await Pairing.GetOrCreateCodeAsync("telegram", "42", "Eve", Lifetime)).Code);
    }

    [Fact]
    public async Task A_removed_user_is_no_longer_approved_after_a_restart_and_others_stay()
    {
        await Pairing.ApproveAsync((await Pairing.GetOrCreateCodeAsync("telegram", "42", null, Lifetime)).Code);
        await Pairing.ApproveAsync((await Pairing.GetOrCreateCodeAsync("discord", "42", null, Lifetime)).Code);

        Assert.True(await Pairing.RemoveApprovedAsync("telegram", "42"));
        Assert.False(await Pairing.RemoveApprovedAsync("telegram", "42"));
        await _cluster.Cluster.DeactivateAsync(Pairing);

        Assert.False(await Pairing.IsApprovedAsync("telegram", "42"));
        Assert.True(await Pairing.IsApprovedAsync("discord", "42"));
        Assert.Equal(["discord"], (await Pairing.ListAsync()).Approved.Select(a => a.Platform));
    }
}
