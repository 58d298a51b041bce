using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Channels.Access;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Access;

public sealed class ChannelAccessGateTests : IAsyncLifetime
{
    private static readonly EventSource Stranger = new("telegram", "42", "42");
    private readonly FakeTimeProvider _time = new();
    private GrainTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainTestCluster.StartAsync(time: _time);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Open_lets_everyone_in()
    {
        var decision = await Gate().CheckAsync(new AccessSettings(AccessPolicy.Open, []), Stranger, null, [], default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task Allowlist_lets_in_listed_ids_and_user_names_and_refuses_others_without_a_code()
    {
        var settings = new AccessSettings(AccessPolicy.Allowlist, ["7", "@Owner"]);
        var gate = Gate();

        Assert.True((await gate.CheckAsync(settings, new EventSource("telegram", "7", "7"), null, [], default)).IsAllowed);
        Assert.True((await gate.CheckAsync(settings, new EventSource("telegram", "8", "8"), null, ["owner"], default)).IsAllowed);
        var refused = await gate.CheckAsync(settings, Stranger, null, ["someone"], default);

        Assert.Equal(AccessOutcome.Denied, refused.Outcome);
        Assert.NotNull(refused.Reply);
        Assert.Empty((await Pairing.ListAsync()).Pending);
    }

    [Fact]
    public async Task Pairing_gives_a_stranger_one_code_and_lets_them_in_after_approval()
    {
        var settings = new AccessSettings(AccessPolicy.Pairing, []);
        var gate = Gate();

        var first = await gate.CheckAsync(settings, Stranger, "Eve", [], default);
        var second = await gate.CheckAsync(settings, Stranger, "Eve", [], default);

        Assert.Equal(AccessOutcome.PairingRequired, first.Outcome);
        Assert.Equal(first.Pairing!.Code, second.Pairing!.Code);
        Assert.Contains(first.Pairing.Code, first.Reply);
        Assert.Equal(first.Pairing.Code, Assert.Single((await Pairing.ListAsync()).Pending).Code);

        var approved = await Pairing.ApproveAsync(first.Pairing.Code.ToLowerInvariant());

        Assert.Equal("42", approved!.UserId);
        Assert.True((await gate.CheckAsync(settings, Stranger, "Eve", [], default)).IsAllowed);
        var list = await Pairing.ListAsync();
        Assert.Empty(list.Pending);
        Assert.Single(list.Approved);
        Assert.Null(await Pairing.ApproveAsync(first.Pairing.Code));
    }

    [Fact]
    public async Task A_code_expires_after_an_hour_and_the_user_then_gets_a_new_one()
    {
        var settings = new AccessSettings(AccessPolicy.Pairing, []);
        var old = (await Gate().CheckAsync(settings, Stranger, null, [], default)).Pairing!;

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await Pairing.ApproveAsync(old.Code));
        Assert.Empty((await Pairing.ListAsync()).Pending);
        var fresh = (await Gate().CheckAsync(settings, Stranger, null, [], default)).Pairing!;
        Assert.NotEqual(old.Code, fresh.Code);
        Assert.Equal(_time.GetUtcNow().AddHours(1), fresh.ExpiresAt);
    }

    private IPairingGrain Pairing => _cluster.Grains.GetGrain<IPairingGrain>(IPairingGrain.Key);

    private ChannelAccessGate Gate() => new(_cluster.Grains, Options.Create(new PairingOptions()), NullLogger<ChannelAccessGate>.Instance);
}
