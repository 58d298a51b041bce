using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Channels.Http;
using MyBot.TestKit;
using MyBot.TestKit.Orleans;
using MyBot.TestKit.Server;
using MyBot.TestKit.Time;

namespace MyBot.Channels.Tests.Http;

public sealed class HttpChannelEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private GrainTestCluster _cluster = null!;
    private HttpChannelTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestCluster.StartAsync();
        _server = await HttpChannelTestServer.StartAsync(_cluster, new Dictionary<string, string?> { ["MyBot:Api:MaxMessageLength"] = "20" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Post_answers_202_with_source_and_event_id_only_after_the_event_was_published()
    {
        var gate = new TaskCompletionSource();
        _server.Publisher.Gate = gate;

        var post = _server.Client.PostAsJsonAsync("/api/messages", new { user = "alice", text = "hello", id = "m1" });
        await Eventually.WaitUntilAsync(() => _server.Publisher.Attempts == 1, Bound, "the publish to start");
        Assert.False(post.IsCompleted);
        gate.SetResult();
        using var response = await post;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http:alice:alice", body.GetProperty("source").GetString());
        Assert.Equal(InboundEvent.CreateId(EventSource.Parse("http:alice:alice"), "m1"), body.GetProperty("eventId").GetString());
        var published = Assert.Single(_server.Publisher.Events);
        Assert.Equal("hello", published.Text);
        Assert.Equal("m1", published.PlatformMessageId);
        Assert.Equal(body.GetProperty("eventId").GetString(), published.Id);
    }

    [Fact]
    public async Task The_same_client_id_gives_the_same_event_id_and_a_chat_sets_the_source()
    {
        using var first = await _server.Client.PostAsJsonAsync("/api/messages", new { user = "bob", chat = "room1", text = "hi", id = "same" });
        using var second = await _server.Client.PostAsJsonAsync("/api/messages", new { user = "bob", chat = "room1", text = "hi", id = "same" });
        using var third = await _server.Client.PostAsJsonAsync("/api/messages", new { user = "bob", chat = "room1", text = "hi" });
        using var fourth = await _server.Client.PostAsJsonAsync("/api/messages", new { user = "bob", chat = "room1", text = "hi" });

        var ids = new List<string>();
        foreach (var response in new[] { first, second, third, fourth })
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("http:bob:room1", body.GetProperty("source").GetString());
            ids.Add(body.GetProperty("eventId").GetString()!);
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[2], ids[3]);
        Assert.NotEqual(ids[0], ids[2]);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"text":"hi"}""", "'user' is required")]
    [InlineData("""{"user":42,"text":"hi"}""", "'user' must be a string")]
    [InlineData("""{"user":"a","text":true}""", "'text' must be a string")]
    [InlineData("""{"user":"a","text":"hi","chat":[]}""", "'chat' must be a string")]
    [InlineData("""{"user":"a","text":"hi","id":7}""", "'id' must be a string")]
    [InlineData("""{"user":"a"}""", "'text' is required")]
    [InlineData("""{"user":"a","text":""}""", "'text' must not be empty")]
    [InlineData("""{"user":"a","text":"   "}""", "'text' must not be empty")]
    [InlineData("""{"user":"a","text":"123456789012345678901"}""", "MyBot:Api:MaxMessageLength")]
    [InlineData("""{"user":"a:b","text":"hi"}""", "'user' must be")]
    [InlineData("""{"user":"","text":"hi"}""", "'user' must be")]
    [InlineData("""{"user":"a","chat":"x y","text":"hi"}""", "'chat' must be")]
    [InlineData("""{"user":"a","text":"hi","id":"has space"}""", "'id' must be")]
    public async Task Bad_posts_get_400_saying_what_is_wrong_and_publish_nothing(string json, string expected)
    {
        using var response = await _server.Client.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Contains(expected, await ProblemAssert.DetailAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty(_server.Publisher.Events);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        using var response = await _server.Client.PostAsync(
            "/api/messages", new StringContent("""{"user":"a","text":"hi","extra":{"x":1}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_failed_publish_answers_503_and_accepts_nothing()
    {
        _server.Publisher.Failure = new IOException("disk full");

        using var response = await _server.Client.PostAsJsonAsync("/api/messages", new { user = "a", text = "hi" });

        Assert.Contains("Retry with the same 'id'", await ProblemAssert.DetailAsync(response, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/messages", "'source' is required")]
    [InlineData("/api/messages?source=nonsense", "'source'")]
    [InlineData("/api/messages?source=telegram:1:2", "must be an http source")]
    [InlineData("/api/messages?source=http:a:a&after=-1", "'after'")]
    [InlineData("/api/messages?source=http:a:a&after=abc", "'after'")]
    [InlineData("/api/messages?source=http:a:a&wait=soon", "'wait'")]
    [InlineData("/api/messages?source=http:a:a&wait=-3", "'wait'")]
    public async Task Bad_gets_get_400_saying_what_is_wrong(string url, string expected)
    {
        using var response = await _server.Client.GetAsync(url);

        Assert.Contains(expected, await ProblemAssert.DetailAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_returns_replies_oldest_first_with_increasing_seq_after_the_given_one()
    {
        await _server.SendAsync("http:alice:alice", "e1#out0", "one");
        await _server.SendAsync("http:alice:alice", "e2#out0", "two");
        await _server.SendAsync("http:alice:alice", "e3#out0", "three");
        await _server.SendAsync("http:bob:bob", "e4#out0", "not alice's");

        var all = await _server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice")) ?? [];
        var later = await _server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice", after: 1)) ?? [];

        Assert.Equal(["one", "two", "three"], all.Select(r => r.Text));
        Assert.Equal([1L, 2L, 3L], all.Select(r => r.Seq));
        Assert.Equal("e1#out0", all[0].Id);
        Assert.Equal(["two", "three"], later.Select(r => r.Text));
    }

    [Fact]
    public async Task A_waiting_get_wakes_when_a_reply_is_delivered()
    {
        var poll = _server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice", wait: 30));
        await Eventually.WaitUntilAsync(() => Task.FromResult(_cluster.Store.WriteCount == 0 && !poll.IsCompleted), Bound, "the poll to wait");

        await _server.SendAsync("http:alice:alice", "e1#out0", "finally");

        var replies = await poll.WaitAsync(Bound);
        Assert.Equal("finally", Assert.Single(replies!).Text);
    }

    [Fact]
    public async Task A_get_with_nothing_to_return_answers_an_empty_list_when_the_wait_ends()
    {
        var replies = await _server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice", wait: 0.2));

        Assert.Empty(replies!);
    }

    [Fact]
    public async Task A_reply_delivered_by_another_replica_reaches_a_waiting_get()
    {
        await using var otherReplica = await HttpChannelTestServer.StartAsync(_cluster);
        var poll = _server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice", wait: 30));

        await otherReplica.SendAsync("http:alice:alice", "e1#out0", "from elsewhere");

        var replies = await poll.WaitAsync(Bound);
        Assert.Equal("from elsewhere", Assert.Single(replies!).Text);
    }

    [Fact]
    public async Task A_long_wait_is_asked_of_the_reply_log_in_slices_under_the_grain_call_timeout()
    {
        var time = new FakeTimeProvider();
        var calls = new WaitCallRecorder();
        await using var cluster = await GrainTestCluster.StartAsync(time: time, configureSilo: silo => silo.Services.AddSingleton<IIncomingGrainCallFilter>(calls));
        await using var server = await HttpChannelTestServer.StartAsync(cluster, time: time);

        var poll = server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice", wait: 45));
        foreach (var (step, slice) in new[] { 10, 10, 10, 10, 5 }.Select((step, i) => (step, i + 1)))
        {
            await WaitForSliceAsync(time, calls, slice, TimeSpan.FromSeconds(step));
            time.Advance(TimeSpan.FromSeconds(step));
        }

        Assert.Empty((await poll.WaitAsync(Bound))!);
        Assert.Equal([10, 10, 10, 10, 5], calls.Waits.Select(w => w.TotalSeconds));
        Assert.All(calls.Waits, wait => Assert.True(wait < TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_reply_appended_during_a_later_slice_ends_the_long_poll()
    {
        var time = new FakeTimeProvider();
        var calls = new WaitCallRecorder();
        await using var cluster = await GrainTestCluster.StartAsync(time: time, configureSilo: silo => silo.Services.AddSingleton<IIncomingGrainCallFilter>(calls));
        await using var server = await HttpChannelTestServer.StartAsync(cluster, time: time);

        var poll = server.Client.GetFromJsonAsync<List<HttpReply>>(HttpChannelTestServer.Query("http:alice:alice", wait: 60));
        await WaitForSliceAsync(time, calls, 1, HttpChannelEndpoints.WaitSlice);
        time.Advance(HttpChannelEndpoints.WaitSlice);
        await WaitForSliceAsync(time, calls, 2, HttpChannelEndpoints.WaitSlice);
        await server.SendAsync("http:alice:alice", "e1#out0", "late");

        Assert.Equal("late", Assert.Single((await poll.WaitAsync(Bound))!).Text);
    }

    /// <summary>
    /// Waits until slice <paramref name="slice"/> was asked for and its timer is armed: by the timer's due time, since
    /// Orleans arms and re-arms a timer of its own on the same clock, so a count of armed timers says nothing.
    /// </summary>
    private static Task WaitForSliceAsync(FakeTimeProvider time, WaitCallRecorder calls, int slice, TimeSpan length)
    {
        var due = time.GetUtcNow() + length;
        return Eventually.WaitUntilAsync(() => calls.Waits.Count == slice && time.TimersDueAt(due) == 1, Bound, $"slice {slice} to wait");
    }
}
