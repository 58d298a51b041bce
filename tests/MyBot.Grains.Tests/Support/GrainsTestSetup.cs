using Microsoft.Extensions.Time.Testing;
using MyBot.Agent.History;
using MyBot.Channels;
using MyBot.TestKit;
using MyBot.TestKit.Channels;
using MyBot.TestKit.DeadLetters;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Orleans;

namespace MyBot.Grains.Tests.Support;

/// <summary>What a test cluster is made of; kept by the test so a second cluster can start on the same state.</summary>
internal sealed class GrainsTestSetup : IDisposable
{
    private readonly TempDirectory _dataDir = new();

    public GrainsTestSetup() => Settings = new()
    {
        ["MyBot:DataDir"] = _dataDir.Path,
        ["MyBot:Llm:Model"] = "gpt-test",
        ["MyBot:Budget:DailyTokens"] = "0",
    };

    public ScriptedChatClient Llm { get; init; } = new();

    public RecordingChannel Channel { get; set; } = new(chunkSize: 100_000);

    /// <summary>Channels for other platforms than the recording channel's <c>test</c>.</summary>
    public List<IChannel> MoreChannels { get; } = [];

    /// <summary>The grain state, kept across the clusters a test starts.</summary>
    public SharedGrainStateStore Storage { get; init; } = new();

    public MemoryDeadLetterStore DeadLetters { get; init; } = new();

    public MemoryTranscriptStore Transcripts { get; init; } = new();

    /// <summary>Null runs the grains on real time.</summary>
    public FakeTimeProvider? Time { get; set; }

    /// <summary>Lowers the silos' grain call timeout, so a test of a slow turn need not wait 30 s.</summary>
    public TimeSpan? ResponseTimeout { get; set; }

    /// <summary>Configuration of every silo; a test adds or overrides keys before starting a cluster.</summary>
    public Dictionary<string, string?> Settings { get; }

    public void Dispose() => _dataDir.Dispose();
}
