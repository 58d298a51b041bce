using MyBot.Agent.History;
using MyBot.TestKit.Contracts.Transcripts;

namespace MyBot.Agent.Tests.History;

public sealed class MemoryTranscriptStoreTests : TranscriptStoreContract
{
    private readonly MemoryTranscriptStore _store = new();

    /// <summary>The memory store's storage is the instance itself.</summary>
    protected override ITranscriptStore NewStore() => _store;
}
