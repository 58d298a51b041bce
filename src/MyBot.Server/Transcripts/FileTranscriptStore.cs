using System.Globalization;
using System.Text;
using MyBot.Agent.History;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Server.Transcripts;

/// <summary>
/// The localhost silo's transcripts: one JSON Lines file per session under <c>&lt;DataDir&gt;/transcripts/&lt;conversation&gt;/</c>,
/// appended through the data directory's journal, so a turn's lines share one fsync with the writes around them instead
/// of opening and fsyncing the file on their own.
/// </summary>
/// <remarks>
/// A turn's lines are one journal record: a crash keeps them whole or drops them with the torn tail of the log, and
/// <see cref="AppendAsync"/> returns once they are durable. A file an older version appended directly can end in a torn
/// line, which reading skips.
/// </remarks>
public sealed class FileTranscriptStore(FileDataDirectory directory) : ITranscriptStore
{
    private const string Extension = ".jsonl";

    public Task AppendAsync(string conversationKey, string sessionId, IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return directory.AppendAsync(PathOf(conversationKey, sessionId), TranscriptJson.ToLines(entries));
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, string sessionId, CancellationToken cancellationToken) =>
        TranscriptJson.ReadLines(await directory.ReadAsync(PathOf(conversationKey, sessionId)));

    public Task<IReadOnlyList<string>> ListSessionsAsync(string conversationKey, CancellationToken cancellationToken)
    {
        var folder = Folder(conversationKey);
        IReadOnlyList<string> sessions =
        [
            .. directory.ListFiles(folder)
                .Where(path => Path.GetDirectoryName(path) == folder && path.EndsWith(Extension, StringComparison.Ordinal))
                .Select(path => Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(path)))
                .Order(StringComparer.Ordinal),
        ];
        return Task.FromResult(sessions);
    }

    private string Folder(string conversationKey) => directory.PathFor("transcripts", Encode(conversationKey));

    private string PathOf(string conversationKey, string sessionId) => Path.Combine(Folder(conversationKey), Encode(sessionId) + Extension);

    // Keys carry ':' and whatever a platform uses in ids; keep file names portable and unambiguous. The escaping of the
    // files written before the journal, so their transcripts keep reading.
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
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
