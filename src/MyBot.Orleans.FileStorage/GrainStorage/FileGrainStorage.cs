using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MyBot.Orleans.FileStorage.Data;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace MyBot.Orleans.FileStorage.GrainStorage;

/// <summary>
/// One JSON file per grain state under <c>grains/&lt;provider&gt;/&lt;state name&gt;/&lt;grain type&gt;/</c>:
/// <c>{"etag":"…","state":…}</c>, written through the data directory's journal (group commit: durable when the call
/// returns). The data directory lock makes this process the only writer, so an in-process lock per file is enough for
/// Orleans' compare-and-swap ETag contract. Nothing is kept per grain between calls: a write reads the current ETag
/// from the state's first bytes under the lock.
/// </summary>
public sealed partial class FileGrainStorage(
    string name,
    FileGrainStorageOptions options,
    FileDataDirectory directory,
    IActivatorProvider activatorProvider,
    TimeProvider timeProvider,
    ILogger<FileGrainStorage> logger) : IGrainStorage
{
    private const string ETagProperty = "etag";
    private const string StateProperty = "state";

    // The envelope starts with the ETag, so its first bytes are enough to read it.
    private const int ETagPrefixBytes = 256;

    private readonly KeyedLock<string> _locks = new();

    /// <summary>States with a write or clear in progress or waiting: 0 when the store is idle.</summary>
    internal int LockedKeys => _locks.Count;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (await directory.ReadAsync(path) is not { } content)
        {
            Reset(grainState);
            return;
        }

        try
        {
            var (etag, state) = ParseEnvelope(content);
            grainState.State = options.GrainStorageSerializer.Deserialize<T>(state) ?? CreateInstance<T>();
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException or OperationCanceledException))
        {
            var movedTo = directory.MoveAside(path, timeProvider);
            LogCorruptStateMovedAside(ex, name, stateName, grainId, path, movedTo);
            Reset(grainState);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var state = options.GrainStorageSerializer.Serialize(grainState.State);
        using (await _locks.EnterAsync(path, CancellationToken.None))
        {
            await EnsureETagMatchesAsync(path, grainState.ETag, "writing", stateName, grainId);
            var etag = Guid.NewGuid().ToString("N");
            await directory.WriteAsync(path, Envelope(etag, state));
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        using (await _locks.EnterAsync(path, CancellationToken.None))
        {
            await EnsureETagMatchesAsync(path, grainState.ETag, "clearing", stateName, grainId);
            await directory.DeleteAsync(path);
        }

        Reset(grainState);
    }

    /// <summary>Where a state lives: named in warnings so the owner can find a file.</summary>
    public string PathOf(string stateName, GrainId grainId) => directory.PathFor(
        "grains",
        FileDataDirectory.EscapeName(name),
        FileDataDirectory.EscapeName(stateName),
        FileDataDirectory.EscapeName(grainId.Type.ToString()!),
        FileDataDirectory.EscapeName(grainId.Key.ToString()!) + ".json");

    private async Task EnsureETagMatchesAsync(string path, string? expected, string operation, string stateName, GrainId grainId)
    {
        var current = await CurrentETagAsync(path);
        if (current != expected)
        {
            throw new InconsistentStateException(
                $"ETag conflict {operation} state '{stateName}' of {grainId} in '{path}': expected {expected ?? "no record"}, found {current ?? "no record"}.",
                current ?? "no record",
                expected ?? "no record");
        }
    }

    /// <summary>The current ETag, from the state's first bytes; the caller holds the state's lock, so it cannot change meanwhile.</summary>
    private async Task<string?> CurrentETagAsync(string path)
    {
        if (await directory.ReadAsync(path) is not { } content)
        {
            return null;
        }

        var reader = new Utf8JsonReader(content.AsSpan(0, Math.Min(content.Length, ETagPrefixBytes)), isFinalBlock: false, state: default);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(ETagProperty)
                && reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }
        }
        catch (JsonException)
        {
        }

        // A file this store did not write, or damaged since it was read: no write may silently replace it.
        return "unreadable";
    }

    private static byte[] Envelope(string etag, BinaryData state)
    {
        var buffer = new ArrayBufferWriter<byte>(state.ToMemory().Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(ETagProperty, etag);
            writer.WritePropertyName(StateProperty);
            writer.WriteRawValue(state.ToMemory().Span);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (string ETag, BinaryData State) ParseEnvelope(byte[] content)
    {
        var reader = new Utf8JsonReader(content);
        string? etag = null;
        BinaryData? state = null;
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(ETagProperty))
            {
                Expect(reader.Read() && reader.TokenType == JsonTokenType.String);
                etag = reader.GetString();
            }
            else if (reader.ValueTextEquals(StateProperty))
            {
                Expect(reader.Read());
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                state = new BinaryData(content.AsMemory(start, (int)reader.BytesConsumed - start));
            }
            else
            {
                Expect(reader.Read());
                reader.Skip();
            }
        }

        Expect(reader.TokenType == JsonTokenType.EndObject && !string.IsNullOrEmpty(etag) && state is not null);
        return (etag!, state!);

        static void Expect(bool condition)
        {
            if (!condition)
            {
                throw new JsonException("Not a grain state envelope {\"etag\":…,\"state\":…}.");
            }
        }
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T CreateInstance<T>() => activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Provider}: the state '{StateName}' of {GrainId} in '{Path}' could not be read and was moved to '{MovedTo}'; the grain starts afresh.")]
    private partial void LogCorruptStateMovedAside(Exception exception, string provider, string stateName, GrainId grainId, string path, string movedTo);
}
