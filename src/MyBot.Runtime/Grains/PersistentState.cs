using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Runtime.Storage;

namespace MyBot.Runtime;

/// <summary>The runtime's <see cref="IPersistentState{TState}"/>: JSON over an <see cref="IGrainStorage"/> record.</summary>
internal sealed partial class PersistentState<TState>(GrainId storageId, IGrainStorage storage, ILogger logger) : IPersistentState<TState>, IPersistentStateLoader
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        GrainStateRecord? record;
        try
        {
            record = await storage.ReadAsync(storageId, cancellationToken);
        }
        catch (CorruptStateException ex)
        {
            await QuarantineAsync(ex.Message, cancellationToken);
            return;
        }

        if (record is null)
        {
            Reset();
            return;
        }

        try
        {
            State = JsonSerializer.Deserialize<TState>(record.Data.Span, RuntimeJson.Options) ?? new TState();
        }
        catch (JsonException ex)
        {
            await QuarantineAsync($"The state is not valid JSON for {typeof(TState).Name}: {ex.Message}", cancellationToken);
            return;
        }

        Etag = record.ETag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(State, RuntimeJson.Options);
        Etag = await storage.WriteAsync(storageId, data, Etag, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearAsync(storageId, Etag, cancellationToken);
        Reset();
    }

    Task IPersistentStateLoader.LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    private async Task QuarantineAsync(string reason, CancellationToken cancellationToken)
    {
        var location = await storage.QuarantineAsync(storageId, reason, cancellationToken);
        Log.StateQuarantined(logger, storageId.ToString(), location, reason);
        Reset();
    }

    private void Reset()
    {
        State = new TState();
        Etag = null;
        RecordExists = false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "The state of {GrainId} could not be read and was moved to {Location}; the grain starts afresh. Reason: {Reason}")]
        public static partial void StateQuarantined(ILogger logger, string grainId, string location, string reason);
    }
}
