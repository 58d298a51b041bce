using System.Globalization;
using MyBot.Orleans.FileStorage.Data;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>
/// One stream queue as a directory, one file per message named <c>&lt;message id&gt;.&lt;attempts&gt;.msg</c>. An enqueue is
/// fsynced before it returns. A receive renames the file to count the attempt: a rename survives a killed process
/// without an fsync, and the count must survive one so a message that crashes the silo ends as a dead letter.
/// Visibility lives in memory because one process owns the directory; after a restart every message is visible.
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

    public void Enqueue(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            var id = _lastMessageId = Math.Max(_lastMessageId + 1, _timeProvider.GetUtcNow().UtcTicks);
            var message = new Message(id, FileName(id, 0));
            _directory.WriteAtomically(message.Path, payload);
            _messages.Add(id, message);
        }
    }

    /// <summary>
    /// Hands out up to <paramref name="maxCount"/> visible messages in id order, counting the attempt on disk and hiding
    /// each for <paramref name="visibilityTimeout"/>. Visible messages already handed out <paramref name="maxAttempts"/>
    /// times are returned in <paramref name="exhausted"/> instead, for the caller to dead-letter and remove.
    /// </summary>
    public List<ReceivedMessage> Receive(int maxCount, int maxAttempts, TimeSpan visibilityTimeout, out List<ReceivedMessage> exhausted)
    {
        var received = new List<ReceivedMessage>();
        exhausted = [];
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
                    exhausted.Add(new ReceivedMessage(message.Id, NewReceipt(message), message.Attempts, File.ReadAllBytes(message.Path)));
                    continue;
                }

                var counted = FileName(message.Id, message.Attempts + 1);
                File.Move(message.Path, counted);
                message.Path = counted;
                message.Attempts++;
                message.VisibleAt = now + visibilityTimeout;
                received.Add(new ReceivedMessage(message.Id, NewReceipt(message), message.Attempts, File.ReadAllBytes(counted)));
            }
        }

        return received;
    }

    /// <summary>The message a receipt handed out, if that is still its latest receipt.</summary>
    public ReceivedMessage? Find(long receipt)
    {
        lock (_gate)
        {
            return _byReceipt.TryGetValue(receipt, out var message)
                ? new ReceivedMessage(message.Id, receipt, message.Attempts, File.ReadAllBytes(message.Path))
                : null;
        }
    }

    /// <summary>Deletes the message a receipt handed out, unless it was handed out again since (that receive now owns it).</summary>
    public void Delete(long receipt)
    {
        lock (_gate)
        {
            if (_byReceipt.Remove(receipt, out var message))
            {
                File.Delete(message.Path);
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
        Directory.CreateDirectory(_path);
        foreach (var file in Directory.EnumerateFiles(_path))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // An enqueue that a crash interrupted before its rename: it never returned, so the producer did not count on it.
                File.Delete(file);
                continue;
            }

            var parts = name.Split('.');
            if (parts.Length == 3 && "." + parts[2] == Extension
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var attempts))
            {
                _messages[id] = new Message(id, file) { Attempts = attempts };
                _lastMessageId = Math.Max(_lastMessageId, id);
            }
        }
    }

    private sealed class Message(long id, string path)
    {
        public long Id { get; } = id;

        public string Path { get; set; } = path;

        public int Attempts { get; set; }

        public DateTimeOffset VisibleAt { get; set; } = DateTimeOffset.MinValue;

        public long? Receipt { get; set; }
    }
}
