using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>
/// The data directory of the localhost silo, held under an exclusive lock so a second process on the same directory
/// fails fast instead of corrupting it. The lock dies with the process, SIGKILL included. Every write goes through its
/// journal (<see cref="FileJournal"/>): durable when its task completes, sharing one fsync with the writes around it.
/// </summary>
public sealed class FileDataDirectory : IDisposable
{
    private readonly FileStream _lock;
    private readonly FileJournal _journal;

    public FileDataDirectory(IOptions<FileStorageOptions> options, FileStoreMetrics metrics, TimeProvider timeProvider, ILogger<FileDataDirectory> logger)
        : this(options, metrics, timeProvider, logger, FileJournal.DefaultCheckpointBytes)
    {
    }

    /// <param name="checkpointBytes">Log bytes after which the journal checkpoints into the files: small in tests, to exercise checkpoints.</param>
    internal FileDataDirectory(IOptions<FileStorageOptions> options, FileStoreMetrics metrics, TimeProvider timeProvider, ILogger<FileDataDirectory> logger, long checkpointBytes)
    {
        Root = Path.GetFullPath(options.Value.DataDir);
        Metrics = metrics;
        var lockPath = Path.Combine(Root, ".lock");
        try
        {
            Directory.CreateDirectory(Root);
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (File.Exists(lockPath))
        {
            throw new DataDirectoryUnavailableException(
                $"the data directory '{Root}' (MyBot:DataDir) is in use by another MyBot server. Stop that one, or set MyBot__DataDir to another directory.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryUnavailableException(
                $"the data directory '{Root}' (MyBot:DataDir) cannot be created or written ({ex.Message.TrimEnd('.')}). Set MyBot__DataDir to a directory this user can write.", ex);
        }

        try
        {
            _journal = new FileJournal(Root, metrics, timeProvider, logger, checkpointBytes);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    public string Root { get; }

    public FileStoreMetrics Metrics { get; }

    public string PathFor(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Set when the journal could not make a write durable: the store takes no more writes until a restart.</summary>
    public Exception? Failure => _journal.Failure;

    /// <summary>Replaces the file's content whole; durable when the task completes (a reader sees the old content or the new, also after a crash).</summary>
    public Task WriteAsync(string path, byte[] content) => _journal.CommitAsync([new FileChange(path, content)]);

    /// <summary>Deletes the file; durable when the task completes.</summary>
    public Task DeleteAsync(string path) => _journal.CommitAsync([new FileChange(path, null)]);

    /// <summary>
    /// Adds the bytes at the end of the file (created when missing); durable when the task completes. A crash keeps the
    /// append whole or drops it, and a reader sees the file with every acknowledged append in order.
    /// </summary>
    public Task AppendAsync(string path, byte[] bytes) => _journal.CommitAsync([FileChange.Append(path, bytes)]);

    /// <summary>Several changes, durable together when the task completes (a crash may keep a prefix of them).</summary>
    public Task CommitAsync(IReadOnlyList<FileChange> changes) => _journal.CommitAsync(changes);

    /// <summary>
    /// Deletes the file without waiting for durability: it is appended now and durable within one flush. For a delete
    /// whose loss in a crash is harmless because what it removes is replayed and deduplicated.
    /// </summary>
    public void DeleteLazily(string path) => _journal.CommitLazily([new FileChange(path, null)]);

    /// <summary>The file's current content, or null when it does not exist.</summary>
    public Task<byte[]?> ReadAsync(string path) => Task.FromResult(_journal.Read(path));

    /// <summary>Returns once every write so far is in its own file, so the files alone are current.</summary>
    public void Checkpoint() => _journal.Checkpoint();

    /// <summary>The file's current content, or null when it does not exist; for loading at start.</summary>
    public byte[]? Read(string path) => _journal.Read(path);

    public bool Exists(string path) => _journal.Exists(path);

    /// <summary>Every file under <paramref name="folder"/> and its subfolders, written ones not yet checkpointed included.</summary>
    public IReadOnlyList<string> ListFiles(string folder)
    {
        var pending = _journal.PendingUnder(folder);
        var files = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(path => !pending.ContainsKey(path)).ToList()
            : [];
        files.AddRange(pending.Where(p => p.Value).Select(p => p.Key));
        return files;
    }

    /// <summary>
    /// Moves a file that cannot be read to <c>corrupt/</c> under a unique name, so the owner can inspect it and the
    /// component that owns it starts afresh. Returns where it went.
    /// </summary>
    public string MoveAside(string path, TimeProvider timeProvider)
    {
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var target = PathFor("corrupt", $"{EscapeName(Path.GetRelativePath(Root, path))}.{stamp}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(path, target);
        return target;
    }

    /// <summary>
    /// Makes a key safe as one file name on every OS: letters, digits, '-', '_' and '.' stay, everything else is
    /// escaped as '~XX' per UTF-8 byte, and long names are cut and suffixed with a stable hash so they stay distinct.
    /// </summary>
    public static string EscapeName(string key)
    {
        var utf8 = Encoding.UTF8.GetBytes(key);
        var builder = new StringBuilder(key.Length + 8);
        foreach (var b in utf8)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && builder.Length > 0))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        const int MaxLength = 150;
        if (builder.Length > MaxLength)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(utf8), 0, 8);
            builder.Length = MaxLength - hash.Length - 1;
            builder.Append('~').Append(hash);
        }

        return builder.ToString();
    }

    public static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Checkpoints the journal, so the files alone are current, then releases the lock.</summary>
    public void Dispose()
    {
        _journal.Dispose();
        _lock.Dispose();
    }
}
