using System.Diagnostics;

namespace MyBot.Bench;

/// <summary>
/// The machine's raw fsync rate, measured where the benchmark keeps its data (the temp folder) before the scenarios:
/// the ceiling the store's achieved fsyncs/s is compared with.
/// </summary>
internal static class FsyncProbe
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    /// <summary>Small appends to one file, each followed by an fsync, from one thread: a write-ahead log's pattern.</summary>
    public static double AppendsPerSecond()
    {
        var folder = Directory.CreateTempSubdirectory("mybot-fsync-");
        try
        {
            var record = new byte[200];
            using var log = new FileStream(Path.Combine(folder.FullName, "probe.log"), FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            return Rate(() =>
            {
                log.Write(record);
                log.Flush(flushToDisk: true);
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Temp file, write, fsync, rename over the target, from one thread: the per-write pattern of the store before group commit.</summary>
    public static double ReplacesPerSecond()
    {
        var folder = Directory.CreateTempSubdirectory("mybot-fsync-");
        try
        {
            var content = new byte[1024];
            var target = Path.Combine(folder.FullName, "probe.json");
            var temp = target + ".tmp";
            return Rate(() =>
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    stream.Write(content);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, target, overwrite: true);
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static double Rate(Action operation)
    {
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < Duration)
        {
            operation();
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
