using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyBot.Agent.Agents;

namespace MyBot.Agent.History;

/// <summary>One JSON Lines file per session under <c>&lt;DataDir&gt;/transcripts/&lt;conversation&gt;/</c>, appended and flushed to disk per turn.</summary>
/// <remarks>A crash can leave a half-written last line; readers skip a line that does not parse.</remarks>
public sealed class FileTranscriptStore(IOptions<AgentOptions> options) : ITranscriptStore
{
    private readonly string _root = Path.GetFullPath(Path.Combine(options.Value.DataDir, "transcripts"));

    public async Task AppendAsync(string conversationKey, string sessionId, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var path = PathOf(conversationKey, sessionId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var buffer = new MemoryStream();
        foreach (var entry in entries)
        {
            buffer.Write(TranscriptJson.ToLine(entry));
        }

        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        file.Flush(flushToDisk: true);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, string sessionId, CancellationToken cancellationToken)
    {
        var path = PathOf(conversationKey, sessionId);
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<TranscriptEntry>();
        foreach (var line in await File.ReadAllLinesAsync(path, Encoding.UTF8, cancellationToken))
        {
            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<TranscriptEntry>(line, TranscriptJson.Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // The torn tail of a write interrupted by a crash.
            }
        }

        return entries;
    }

    public Task<IReadOnlyList<string>> ListSessionsAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, Encode(conversationKey));
        IReadOnlyList<string> sessions = Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.jsonl").Select(f => Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(f))).Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(sessions);
    }

    private string PathOf(string conversationKey, string sessionId) => Path.Combine(_root, Encode(conversationKey), Encode(sessionId) + ".jsonl");

    // Keys carry ':' and whatever a platform uses in ids; keep file names portable and unambiguous.
    private static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
