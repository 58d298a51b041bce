using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>
/// The data directory of the localhost silo, held under an exclusive lock so a second process on the same directory
/// fails fast instead of corrupting it. The lock dies with the process, SIGKILL included.
/// </summary>
public sealed class FileDataDirectory : IDisposable
{
    private readonly FileStream _lock;

    public FileDataDirectory(IOptions<FileStorageOptions> options, FileStoreMetrics metrics)
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
    }

    public string Root { get; }

    public FileStoreMetrics Metrics { get; }

    public string PathFor(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Temp file, fsync, rename: a reader sees the old content or the new, never a torn write, also after a crash.</summary>
    public void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        Metrics.RecordFsyncedWrite(content.Length);
        File.Move(temp, path, overwrite: true);
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

    public void Dispose() => _lock.Dispose();
}
