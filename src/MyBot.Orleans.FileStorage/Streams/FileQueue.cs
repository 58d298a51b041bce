using System.Globalization;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// One stream queue as a directory, one file per message named <c>&lt;message id&gt;.&lt;attempts&gt;.msg</c>, written through
/// the data directory's journal. An enqueue is durable before it returns. A receive counts the attempt (the message
/// under its next name, the old name deleted, in one durable commit) before it hands the message out, so a message
/// that crashes the silo ends as a dead letter. Visibility lives in memory because one process owns the directory;
/// after a restart every message is visible. Payloads are kept in memory too: a queue holds what is not yet delivered.
/// </summary>
internal sealed class FileQueue
{
    private const string Extension = ".msg";

    private readonly FileDataDirectory _directory;
    private readonly TimeProvider _timeProvider;
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Message> _messages = [];
    private readonly Dictionary<long, Message> _byReceipt = [];
    private long _lastMessageId;
    private long _lastReceipt;

    public FileQueue(FileDataDirectory directory, TimeProvider timeProvider, string path)
    {
        _directory = directory;
        _timeProvider = timeProvider;
        _path = path;

        // Seeded from the clock so ids and receipts keep growing across restarts, also after the queue drained.
        _lastReceipt = timeProvider.GetUtcNow().UtcTicks;
        Load();
    }

    /// <summary>
    /// Durable when the task completes, and only then visible to a receive: a producer that awaits each enqueue sees its
    /// messages handed out in its order.
    /// </summary>
    public async Task EnqueueAsync(byte[] payload)
    {
        Message message;
        Task durable;
        lock (_gate)
        {
            var id = _lastMessageId = Math.Max(_lastMessageId + 1, _timeProvider.GetUtcNow().UtcTicks);
            message = new Message(id, FileName(id, 0), payload);
            durable = _directory.WriteAsync(message.Path, payload);
        }

        await durable;
        lock (_gate)
        {
            _messages.Add(message.Id, message);
        }
    }

    /// <summary>
    /// Hands out up to <paramref name="maxCount"/> visible messages in id order, counting the attempt on disk and hiding
    /// each for <paramref name="visibilityTimeout"/>. Visible messages already handed out <paramref name="maxAttempts"/>
    /// times are returned in <paramref name="exhausted"/> instead, for the caller to dead-letter and remove.
    /// </summary>
    public async Task<(List<ReceivedMessage> Received, List<ReceivedMessage> Exhausted)> ReceiveAsync(int maxCount, int maxAttempts, TimeSpan visibilityTimeout)
    {
        var received = new List<ReceivedMessage>();
        var exhausted = new List<ReceivedMessage>();
        var attempts = new List<FileChange>();
        Task counted = Task.CompletedTask;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var message in _messages.Values)
            {
                if (received.Count >= maxCount)
                {
                    break;
                }

                if (message.VisibleAt > now)
                {
                    continue;
                }

                if (message.Attempts >= maxAttempts)
                {
                    // Hidden while the caller dead-letters it; should that fail, it is tried again after the timeout.
                    message.VisibleAt = now + visibilityTimeout;
                    exhausted.Add(new ReceivedMessage(message.Id, NewReceipt(message), message.Attempts, message.Payload));
                    continue;
                }

                var next = FileName(message.Id, message.Attempts + 1);
                attempts.Add(new FileChange(next, message.Payload));
                attempts.Add(new FileChange(message.Path, null));
                message.Path = next;
                message.Attempts++;
                message.VisibleAt = now + visibilityTimeout;
                received.Add(new ReceivedMessage(message.Id, NewReceipt(message), message.Attempts, message.Payload));
            }

            if (attempts.Count > 0)
            {
                counted = _directory.CommitAsync(attempts);
            }
        }

        await counted;
        return (received, exhausted);
    }

    /// <summary>The message a receipt handed out, if that is still its latest receipt.</summary>
    public ReceivedMessage? Find(long receipt)
    {
        lock (_gate)
        {
            return _byReceipt.TryGetValue(receipt, out var message)
                ? new ReceivedMessage(message.Id, receipt, message.Attempts, message.Payload)
                : null;
        }
    }

    /// <summary>
    /// Deletes the message a receipt handed out, unless it was handed out again since (that receive now owns it). Not
    /// waited for, like the unsynced file delete before the journal: a delete lost in a crash delivers the message
    /// again, and its consumer's dedupe window drops it.
    /// </summary>
    public void Delete(long receipt)
    {
        lock (_gate)
        {
            if (_byReceipt.Remove(receipt, out var message))
            {
                _directory.DeleteLazily(message.Path);
                _messages.Remove(message.Id);
            }
        }
    }

    /// <summary>Makes every message handed out and not yet deleted visible again now: its receiver is shutting down.</summary>
    public void ReleaseAll()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var message in _byReceipt.Values)
            {
                message.VisibleAt = now;
                message.Receipt = null;
            }

            _byReceipt.Clear();
        }
    }

    private long NewReceipt(Message message)
    {
        if (message.Receipt is { } previous)
        {
            _byReceipt.Remove(previous);
        }

        var receipt = ++_lastReceipt;
        message.Receipt = receipt;
        _byReceipt[receipt] = message;
        return receipt;
    }

    private string FileName(long id, int attempts) =>
        Path.Combine(_path, string.Create(CultureInfo.InvariantCulture, $"{id:D20}.{attempts}{Extension}"));

    private void Load()
    {
        foreach (var file in _directory.ListFiles(_path))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // A checkpoint that a crash interrupted before its rename: its journal was replayed on start instead.
                File.Delete(file);
                continue;
            }

            var parts = name.Split('.');
            if (parts.Length == 3 && "." + parts[2] == Extension
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
                && _directory.Read(file) is { } payload)
            {
                // A crash between an attempt's new name and the old name's delete leaves both: the higher count stands.
                if (_messages.TryGetValue(id, out var other))
                {
                    var (keep, drop) = other.Attempts >= attempts ? (other, new Message(id, file, payload)) : (new Message(id, file, payload) { Attempts = attempts }, other);
                    _directory.DeleteLazily(drop.Path);
                    _messages[id] = keep;
                }
                else
                {
                    _messages[id] = new Message(id, file, payload) { Attempts = attempts };
                }

                _lastMessageId = Math.Max(_lastMessageId, id);
            }
        }
    }

    private sealed class Message(long id, string path, byte[] payload)
    {
        public long Id { get; } = id;

        public byte[] Payload { get; } = payload;

        public string Path { get; set; } = path;

        public int Attempts { get; set; }

        public DateTimeOffset VisibleAt { get; set; } = DateTimeOffset.MinValue;

        public long? Receipt { get; set; }
    }
}
