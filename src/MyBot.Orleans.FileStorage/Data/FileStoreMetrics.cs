using System.Diagnostics.Metrics;

namespace MyBot.Orleans.FileStorage.Data;

/// <summary>Counts the store's fsyncs and bytes written, for the benchmark and for OpenTelemetry.</summary>
public sealed class FileStoreMetrics : IDisposable
{
    public const string MeterName = "MyBot.Storage.File";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _fsyncs;
    private readonly Counter<long> _bytes;
    private long _fsyncCount;
    private long _bytesWritten;

    public FileStoreMetrics()
    {
        _fsyncs = _meter.CreateCounter<long>("mybot.storage.file.fsyncs");
        _bytes = _meter.CreateCounter<long>("mybot.storage.file.bytes_written", "By");
    }

    public long Fsyncs => Interlocked.Read(ref _fsyncCount);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    internal void RecordFsyncedWrite(long bytes)
    {
        Interlocked.Add(ref _bytesWritten, bytes);
        _bytes.Add(bytes);
        Interlocked.Increment(ref _fsyncCount);
        _fsyncs.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
