using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>
/// Group commit for the data directory. A change (a file's whole new content, its deletion, or bytes added at its end) is appended to one
/// write-ahead log, and one flusher at a time makes everything appended since the previous fsync durable with one
/// fsync: callers that arrive while a flush runs share the next one, and each caller's task completes only once its
/// own change is durable. A writer that finds the journal idle flushes on its own thread (leader/follower group
/// commit), so a lone write pays no hand-over to another thread; while records keep arriving a pool thread flushes. Until a checkpoint has written them into their own files, made those durable and deleted
/// their log, changes are read from memory. A log left by a crash is replayed on start the same way.
/// </summary>
/// <remarks>
/// A record is <c>[payload length: u32][CRC-32 of payload: u32][payload]</c> and a payload is
/// <c>[kind: u8][path length: u16][path, UTF-8, relative to the root][content]</c>; an append's payload has the file
/// offset its bytes land at (<c>u64</c>) before them, so replaying it over a file a checkpoint already wrote rewrites the
/// same bytes in place instead of adding them twice. A record that ends early or fails its
/// checksum is the tail of an append the process did not finish: it and anything after it in that log were never
/// acknowledged, so they are dropped (and kept under <c>corrupt/</c> for inspection) and every record before survives.
/// </remarks>
internal sealed partial class FileJournal : IDisposable
{
    /// <summary>Log bytes after which the active generation is sealed and checkpointed into the files.</summary>
    public const long DefaultCheckpointBytes = 8 << 20;

    private const int HeaderBytes = 8;
    private const int MaxPayloadBytes = 256 << 20;
    private const byte PutKind = 1;
    private const byte DeleteKind = 2;
    private const byte AppendKind = 3;
    private const int OffsetBytes = 8;
    private const string LogExtension = ".log";

    private readonly string _root;
    private readonly string _folder;
    private readonly FileStoreMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _checkpointBytes;
    // An object, not a Lock: Dispose, Checkpoint and the checkpointer wait on it with Monitor.Wait.
    private readonly object _gate = new();
    private readonly Queue<Batch> _batches = new();
    private readonly Queue<Generation> _toCheckpoint = new();
    private readonly List<Generation> _sealed = [];
    private readonly Thread _checkpointer;
    private Generation _active;
    private Batch? _open;
    private FileStream? _log;
    private long _logGeneration;
    private Exception? _failure;
    private bool _stopping;

    // Counts checkpoints that began writing files: a read of the file on disk that overlapped one starts again.
    private long _checkpointsStarted;

    // One thread flushes at a time: the writer that found the journal idle (the leader), then a pool thread while
    // records keep arriving.
    private bool _flushing;

    public FileJournal(string root, FileStoreMetrics metrics, TimeProvider timeProvider, ILogger logger, long checkpointBytes)
    {
        _root = root;
        _folder = Path.Combine(root, "journal");
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _checkpointBytes = checkpointBytes;
        Directory.CreateDirectory(_folder);
        _active = new Generation(Recover() + 1);
        _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "MyBot journal checkpoint" };
        _checkpointer.Start();
    }

    /// <summary>Set once a flush failed: every later change fails too, since what is on disk after a failed fsync is unknown.</summary>
    public Exception? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>Appends the changes as one batch; the task completes when all of them are durable.</summary>
    public Task CommitAsync(IReadOnlyList<FileChange> changes) => Append(changes, waitForFlush: true);

    /// <summary>
    /// Appends the changes without waiting: they become durable with the next flush, which the flusher starts at once.
    /// Only for a change whose loss in a crash is harmless (a delete that a replay redoes).
    /// </summary>
    public void CommitLazily(IReadOnlyList<FileChange> changes) => Append(changes, waitForFlush: false);

    /// <summary>
    /// The file's content with every change not yet checkpointed into it: the newest whole content or deletion, else the
    /// file on disk up to the length the pending appends start at, followed by those appends. Null when it does not exist.
    /// </summary>
    public byte[]? Read(string path)
    {
        var relative = Relative(path);
        while (true)
        {
            var appended = new List<byte[]>();
            PendingFile? replaced = null;
            long? diskBytes = null;
            long checkpoints;
            lock (_gate)
            {
                checkpoints = _checkpointsStarted;
                foreach (var generation in NewestFirst())
                {
                    if (!generation.Changes.TryGetValue(relative, out var file))
                    {
                        continue;
                    }

                    appended.InsertRange(0, file.Appended.Select(segment => segment.Bytes));
                    if (file.Replaces)
                    {
                        replaced = file;
                        break;
                    }

                    diskBytes = file.BaseLength;
                }
            }

            if (replaced is not null)
            {
                return appended.Count == 0 ? replaced.Content : Concat(replaced.Content ?? [], appended);
            }

            var onDisk = ReadFromDisk(path, diskBytes);
            lock (_gate)
            {
                if (_checkpointsStarted == checkpoints)
                {
                    return appended.Count == 0 ? onDisk : Concat(onDisk ?? [], appended);
                }
            }
        }
    }

    /// <summary>Whether the file exists once every pending change is in it.</summary>
    public bool Exists(string path)
    {
        var relative = Relative(path);
        lock (_gate)
        {
            foreach (var generation in NewestFirst())
            {
                if (generation.Changes.TryGetValue(relative, out var file))
                {
                    return file.Exists;
                }
            }
        }

        return File.Exists(path);
    }

    /// <summary>Paths under <paramref name="folder"/> with a pending change, newest generation first: true for content, false for a deletion.</summary>
    public Dictionary<string, bool> PendingUnder(string folder)
    {
        var prefix = Relative(folder).TrimEnd('/') + "/";
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var generation in NewestFirst())
            {
                foreach (var (relative, file) in generation.Changes)
                {
                    if (relative.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        result.TryAdd(Path.Combine(_root, relative), file.Exists);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Seals the active generation and returns once every generation is checkpointed into the files.</summary>
    public void Checkpoint()
    {
        var lead = false;
        lock (_gate)
        {
            if (_active.Bytes > 0)
            {
                // An empty batch of the next generation makes the flusher close this generation's log and hand it over.
                _sealed.Add(_active);
                _active = new Generation(_active.Number + 1);
                _open = new Batch(_active);
                _batches.Enqueue(_open);
                lead = TakeLead();
            }
        }

        if (lead)
        {
            FlushUntilIdle();
        }

        lock (_gate)
        {
            while (_sealed.Count > 0 && _failure is null)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>Flushes what is appended, then checkpoints every generation into the files, so the files alone are current.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
            while (_flushing)
            {
                Monitor.Wait(_gate);
            }
        }

        _checkpointer.Join();
        _log?.Dispose();
        if (Failure is null)
        {
            foreach (var generation in _sealed.Append(_active).Where(g => g.Changes.Count > 0 || File.Exists(LogPath(g.Number))).ToList())
            {
                Checkpoint(generation);
            }
        }
    }

    private Task Append(IReadOnlyList<FileChange> changes, bool waitForFlush)
    {
        var done = waitForFlush ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        bool lead;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_failure is not null)
            {
                throw new IOException($"The data directory's journal failed earlier ({_failure.Message}); restart the server to recover from its log.", _failure);
            }

            if (_active.Bytes >= _checkpointBytes)
            {
                _sealed.Add(_active);
                _active = new Generation(_active.Number + 1);
            }

            if (_open is null || _open.Generation != _active)
            {
                _open = new Batch(_active);
                _batches.Enqueue(_open);
            }

            var batch = _open;
            foreach (var change in changes)
            {
                var relative = Relative(change.Path);
                if (change.IsAppend)
                {
                    if (!_active.Changes.TryGetValue(relative, out var file))
                    {
                        file = PendingFile.AppendingTo(LengthBeforeActive(relative));
                        _active.Changes[relative] = file;
                    }

                    var offset = file.Length;
                    file.Appended.Add(new Segment(offset, change.Content!));
                    _active.Bytes += WriteRecord(batch.Buffer, AppendKind, relative, offset, change.Content);
                }
                else
                {
                    _active.Bytes += WriteRecord(batch.Buffer, change.Content is null ? DeleteKind : PutKind, relative, 0, change.Content);
                    _active.Changes[relative] = PendingFile.Replacing(change.Content);
                }
            }

            if (done is not null)
            {
                batch.Waiters.Add(done);
            }

            lead = TakeLead();
        }

        if (lead && waitForFlush)
        {
            FlushUntilIdle(handOverAfterFirst: true);
        }
        else if (lead)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => FlushUntilIdle(), null);
        }

        return done?.Task ?? Task.CompletedTask;
    }

    /// <summary>
    /// The caller holds the gate: the file's length as the sealed generations leave it, else on disk. A file no generation
    /// in memory changes is not being written by a checkpoint, so its length on disk is stable.
    /// </summary>
    private long LengthBeforeActive(string relative)
    {
        for (var i = _sealed.Count - 1; i >= 0; i--)
        {
            if (_sealed[i].Changes.TryGetValue(relative, out var file))
            {
                return file.Length;
            }
        }

        var onDisk = new FileInfo(Path.Combine(_root, relative));
        return onDisk.Exists ? onDisk.Length : 0;
    }

    /// <summary>The caller holds the gate: the active generation, then the sealed ones from the newest.</summary>
    private IEnumerable<Generation> NewestFirst()
    {
        yield return _active;
        for (var i = _sealed.Count - 1; i >= 0; i--)
        {
            yield return _sealed[i];
        }
    }

    /// <summary>The caller holds the gate: true when nobody flushes, and the caller now does.</summary>
    private bool TakeLead()
    {
        if (_flushing)
        {
            return false;
        }

        _flushing = true;
        return true;
    }

    /// <summary>
    /// Flushes until nothing is appended, then gives up the lead. A leader that is a writer flushes once and hands
    /// what arrived meanwhile to a pool thread, so it returns to its caller after its own record is durable.
    /// </summary>
    private void FlushUntilIdle(bool handOverAfterFirst = false)
    {
        var rounds = 0;
        while (true)
        {
            List<Batch> batches;
            lock (_gate)
            {
                if (_batches.Count == 0 || _failure is not null)
                {
                    _flushing = false;
                    Monitor.PulseAll(_gate);
                    return;
                }

                if (handOverAfterFirst && rounds > 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => FlushUntilIdle(), null);
                    return;
                }

                batches = [.. _batches];
                _batches.Clear();
                _open = null;
            }

            rounds++;

            var waiters = new List<TaskCompletionSource>();
            try
            {
                // Bytes written to the open log and not yet fsynced: a round may close one generation's log and open the next.
                long bytes = 0;
                foreach (var batch in batches)
                {
                    if (_log is not null && _logGeneration != batch.Generation.Number)
                    {
                        SealLogFile(bytes);
                        bytes = 0;
                    }

                    waiters.AddRange(batch.Waiters);
                    if (batch.Buffer.WrittenCount == 0)
                    {
                        continue;
                    }

                    if (_log is null)
                    {
                        _log = new FileStream(LogPath(batch.Generation.Number), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
                        _logGeneration = batch.Generation.Number;
                    }

                    _log.Write(batch.Buffer.WrittenSpan);
                    bytes += batch.Buffer.WrittenCount;
                }

                if (bytes > 0)
                {
                    _log!.Flush(flushToDisk: true);
                    _metrics.RecordFsyncedWrite(bytes);
                }

                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                Fail(ex, batches.SelectMany(b => b.Waiters));
            }
        }
    }

    /// <summary>The open log is complete (its generation is sealed): made durable, closed and handed to the checkpointer.</summary>
    private void SealLogFile(long unflushedBytes)
    {
        if (_log is null)
        {
            return;
        }

        _log.Flush(flushToDisk: true);
        _metrics.RecordFsyncedWrite(unflushedBytes);
        _log.Dispose();
        _log = null;
        lock (_gate)
        {
            _toCheckpoint.Enqueue(_sealed.Single(g => g.Number == _logGeneration));
            Monitor.PulseAll(_gate);
        }
    }

    private void CheckpointLoop()
    {
        while (true)
        {
            Generation generation;
            lock (_gate)
            {
                while (_toCheckpoint.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_toCheckpoint.Count == 0)
                {
                    return;
                }

                generation = _toCheckpoint.Dequeue();
            }

            try
            {
                Checkpoint(generation);
            }
            catch (Exception ex)
            {
                Fail(ex, []);
                return;
            }
        }
    }

    private void Fail(Exception ex, IEnumerable<TaskCompletionSource> waiters)
    {
        LogJournalFailed(ex, _folder);
        lock (_gate)
        {
            _failure ??= ex;
            Monitor.PulseAll(_gate);
            waiters = [.. waiters, .. _batches.SelectMany(b => b.Waiters)];
            _batches.Clear();
            _open = null;
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(new IOException($"The data directory's journal could not be made durable: {ex.Message}", ex));
        }
    }

    /// <summary>Writes a sealed generation's changes into their files, makes them durable, then drops its log.</summary>
    private void Checkpoint(Generation generation)
    {
        lock (_gate)
        {
            _checkpointsStarted++;
        }

        Apply(generation.Changes);
        FileDataDirectory.DeleteIfPresent(LogPath(generation.Number));
        lock (_gate)
        {
            _sealed.Remove(generation);
            Monitor.PulseAll(_gate);
        }
    }

    private void Apply(Dictionary<string, PendingFile> changes)
    {
        var written = new List<string>(changes.Count);
        foreach (var (relative, file) in changes)
        {
            var path = Path.Combine(_root, relative);
            if (!file.Exists)
            {
                FileDataDirectory.DeleteIfPresent(path);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);

            // Written in place, whole content and appends at their offsets alike, not to a temp file renamed over it: a
            // reader of a path with a change still in the journal reads that change, never this file, and a crash in the
            // middle leaves the log that rewrites it on replay. A temp file per write cost a new inode and a rename,
            // which on ext4 was the checkpoint's largest CPU cost with thousands of grains.
            using (var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write))
            {
                if (file.Content is not null)
                {
                    RandomAccess.Write(handle, file.Content, 0);
                }

                foreach (var segment in file.Appended)
                {
                    RandomAccess.Write(handle, segment.Bytes, segment.Offset);
                }

                RandomAccess.SetLength(handle, file.Length);
            }

            written.Add(path);
        }

        MakeDurable(written);
    }

    /// <summary>
    /// On Linux one syncfs makes every file written by the checkpoint durable, renames and deletions included; elsewhere
    /// each file is fsynced.
    /// </summary>
    private void MakeDurable(List<string> written)
    {
        if (OperatingSystem.IsLinux())
        {
            using var handle = File.OpenHandle(Path.Combine(_folder, ".sync"), FileMode.OpenOrCreate, FileAccess.Read);
            if (SyncFileSystem(handle.DangerousGetHandle().ToInt32()) != 0)
            {
                throw new IOException($"syncfs failed on the data directory (errno {Marshal.GetLastPInvokeError()}).");
            }

            _metrics.RecordFsyncedWrite(0);
            return;
        }

        foreach (var path in written)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.Flush(flushToDisk: true);
            _metrics.RecordFsyncedWrite(0);
        }
    }

    /// <summary>Replays the logs a crash left, in order, into the files; returns the last generation number seen.</summary>
    private long Recover()
    {
        var logs = Directory.EnumerateFiles(_folder, "*" + LogExtension)
            .Select(path => (Path: path, Number: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1))
            .Where(log => log.Number >= 0)
            .OrderBy(log => log.Number)
            .ToList();
        if (logs.Count == 0)
        {
            return 0;
        }

        var changes = new Dictionary<string, PendingFile>(StringComparer.Ordinal);
        var records = 0;
        foreach (var (path, _) in logs)
        {
            records += ReadLog(path, changes);
        }

        Apply(changes);
        foreach (var (path, _) in logs)
        {
            File.Delete(path);
        }

        LogRecovered(records, logs.Count, changes.Count);
        return logs[^1].Number;
    }

    private int ReadLog(string path, Dictionary<string, PendingFile> changes)
    {
        var log = File.ReadAllBytes(path);
        var position = 0;
        var records = 0;
        while (position < log.Length)
        {
            var rest = log.AsSpan(position);
            if (rest.Length < HeaderBytes
                || BinaryPrimitives.ReadUInt32LittleEndian(rest) is var length && (length > MaxPayloadBytes || length > rest.Length - HeaderBytes)
                || Crc32.HashToUInt32(rest.Slice(HeaderBytes, (int)length)) != BinaryPrimitives.ReadUInt32LittleEndian(rest[4..])
                || !TryParsePayload(rest.Slice(HeaderBytes, (int)length), out var kind, out var relative, out var offset, out var content))
            {
                var keptAt = KeepTornTail(path, rest);
                LogTornTail(path, position, rest.Length, keptAt);
                break;
            }

            if (kind != AppendKind)
            {
                changes[relative] = PendingFile.Replacing(content);
            }
            else
            {
                if (!changes.TryGetValue(relative, out var file))
                {
                    file = PendingFile.AppendingTo(offset);
                    changes[relative] = file;
                }

                file.Appended.Add(new Segment(offset, content!));
            }

            position += HeaderBytes + (int)length;
            records++;
        }

        return records;
    }

    private string KeepTornTail(string logPath, ReadOnlySpan<byte> tail)
    {
        var stamp = _timeProvider.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var target = Path.Combine(_root, "corrupt", $"journal~2F{Path.GetFileName(logPath)}.{stamp}.{Guid.NewGuid():N}.torn");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, tail);
        return target;
    }

    private static int WriteRecord(ArrayBufferWriter<byte> buffer, byte kind, string relative, long offset, byte[]? content)
    {
        var pathBytes = Encoding.UTF8.GetByteCount(relative);
        var offsetBytes = kind == AppendKind ? OffsetBytes : 0;
        var payloadLength = 1 + 2 + pathBytes + offsetBytes + (content?.Length ?? 0);
        var span = buffer.GetSpan(HeaderBytes + payloadLength)[..(HeaderBytes + payloadLength)];
        var payload = span[HeaderBytes..];
        payload[0] = kind;
        BinaryPrimitives.WriteUInt16LittleEndian(payload[1..], checked((ushort)pathBytes));
        Encoding.UTF8.GetBytes(relative, payload[3..]);
        if (kind == AppendKind)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload[(3 + pathBytes)..], offset);
        }

        content?.CopyTo(payload[(3 + pathBytes + offsetBytes)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.HashToUInt32(payload));
        buffer.Advance(span.Length);
        return span.Length;
    }

    private static bool TryParsePayload(ReadOnlySpan<byte> payload, out byte kind, out string relative, out long offset, out byte[]? content)
    {
        kind = payload.Length > 0 ? payload[0] : (byte)0;
        relative = string.Empty;
        offset = 0;
        content = null;
        if (payload.Length < 3 || kind is not (PutKind or DeleteKind or AppendKind))
        {
            return false;
        }

        var pathBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]);
        var offsetBytes = kind == AppendKind ? OffsetBytes : 0;
        if (payload.Length < 3 + pathBytes + offsetBytes || (kind == DeleteKind && payload.Length != 3 + pathBytes))
        {
            return false;
        }

        relative = Encoding.UTF8.GetString(payload.Slice(3, pathBytes));
        if (kind == AppendKind)
        {
            offset = BinaryPrimitives.ReadInt64LittleEndian(payload[(3 + pathBytes)..]);
            if (offset < 0)
            {
                return false;
            }
        }

        content = kind == DeleteKind ? null : payload[(3 + pathBytes + offsetBytes)..].ToArray();
        return true;
    }

    /// <summary>The first <paramref name="bytes"/> of the file on disk (all of it when null), or null when it does not exist.</summary>
    private static byte[]? ReadFromDisk(string path, long? bytes)
    {
        // Every new grain reads a file that is not there: asked first, that costs a stat instead of a thrown exception,
        // which showed in the profile at thousands of new conversations. The catch stays for a file deleted in between.
        // Path.Exists, not File.Exists: whatever else stands at the path (a directory) must still fail the read.
        if (!Path.Exists(path))
        {
            return bytes is null ? null : [];
        }

        try
        {
            if (bytes is null)
            {
                return File.ReadAllBytes(path);
            }

            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var content = new byte[Math.Min(bytes.Value, RandomAccess.GetLength(handle))];
            var read = 0;
            while (read < content.Length && RandomAccess.Read(handle, content.AsSpan(read), read) is var n and > 0)
            {
                read += n;
            }

            return content;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return bytes is null ? null : [];
        }
    }

    private static byte[] Concat(byte[] start, List<byte[]> appended)
    {
        var content = new byte[start.Length + appended.Sum(bytes => bytes.Length)];
        start.CopyTo(content, 0);
        var at = start.Length;
        foreach (var bytes in appended)
        {
            bytes.CopyTo(content, at);
            at += bytes.Length;
        }

        return content;
    }

    private string Relative(string path)
    {
        var relative = Path.GetRelativePath(_root, path).Replace('\\', '/');
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{path}' is outside the data directory '{_root}'.", nameof(path));
        }

        return relative;
    }

    private string LogPath(long generation) => Path.Combine(_folder, generation.ToString("D20", CultureInfo.InvariantCulture) + LogExtension);

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFileSystem(int fd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal log '{Path}' ends with an incomplete or damaged record at byte {Offset} ({Bytes} bytes): a write the process did not finish, never acknowledged, so it is dropped; everything before it is kept. The dropped bytes are in '{KeptAt}'.")]
    private partial void LogTornTail(string path, int offset, int bytes, string keptAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal recovery: {Records} records from {Logs} logs replayed into {Files} files.")]
    private partial void LogRecovered(int records, int logs, int files);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The data directory's journal in '{Folder}' failed; no write is accepted until the server restarts and replays its log.")]
    private partial void LogJournalFailed(Exception exception, string folder);

    /// <summary>The changes appended between two checkpoints, and their log's size.</summary>
    private sealed class Generation(long number)
    {
        public long Number { get; } = number;

        public Dictionary<string, PendingFile> Changes { get; } = new(StringComparer.Ordinal);

        public long Bytes { get; set; }
    }

    /// <summary>Records of one generation waiting for the flusher, and the callers waiting for them to be durable.</summary>
    private sealed class Batch(Generation generation)
    {
        public Generation Generation { get; } = generation;

        public ArrayBufferWriter<byte> Buffer { get; } = new();

        public List<TaskCompletionSource> Waiters { get; } = [];
    }

    /// <summary>
    /// What one generation (or a replay) does to a file: replaces it whole or deletes it, then perhaps appends to that;
    /// or appends to the file as older generations and the disk leave it.
    /// </summary>
    private sealed class PendingFile
    {
        private PendingFile(bool replaces, byte[]? content, long baseLength)
        {
            Replaces = replaces;
            Content = content;
            BaseLength = baseLength;
        }

        /// <summary>True when the older file does not matter: it was written whole (<see cref="Content"/>) or deleted (null).</summary>
        public bool Replaces { get; }

        public byte[]? Content { get; }

        /// <summary>The file's length before the appends: the older file's, or <see cref="Content"/>'s.</summary>
        public long BaseLength { get; }

        public List<Segment> Appended { get; } = [];

        public long Length => Appended.Count > 0 ? Appended[^1].Offset + Appended[^1].Bytes.Length : BaseLength;

        /// <summary>An append creates a missing file; only a deletion not followed by an append leaves none.</summary>
        public bool Exists => !Replaces || Content is not null || Appended.Count > 0;

        public static PendingFile Replacing(byte[]? content) => new(replaces: true, content, content?.Length ?? 0);

        public static PendingFile AppendingTo(long length) => new(replaces: false, content: null, length);
    }

    /// <summary>Bytes appended at a file offset.</summary>
    private readonly record struct Segment(long Offset, byte[] Bytes);
}
