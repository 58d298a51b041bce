using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MyBot.Runtime.AzureStorage;

/// <summary>Blob and queue names for one deployment (service id): valid for the service and collision-free for any key.</summary>
public sealed class StorageNames(string serviceId)
{
    /// <summary>Longer escaped keys are cut and suffixed with a SHA-256 of the whole key (blob names allow 1024 characters).</summary>
    private const int MaxEscapedLength = 400;

    public string ServiceId { get; } = serviceId;

    public string Queue(int partition) => $"{ServiceId}-{partition.ToString(CultureInfo.InvariantCulture)}";

    public string GrainPrefix => $"{ServiceId}/grains/";

    public string Grain(GrainId grainId) => $"{GrainPrefix}{Escape(grainId.Type)}/{Escape(grainId.Key)}";

    public string QuarantinedGrain(GrainId grainId, DateTimeOffset at) =>
        $"{ServiceId}/quarantine/{Escape(grainId.Type)}/{Escape(grainId.Key)}/{at.UtcDateTime.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture)}";

    public string DeadLetterPrefix => $"{ServiceId}/deadletters/";

    public string DeadLetter(string id) => DeadLetterPrefix + Escape(id);

    public string Reminders(int partition) => $"{ServiceId}/reminders/{partition.ToString(CultureInfo.InvariantCulture)}";

    public string PartitionLeasePrefix => $"{ServiceId}/partitions/";

    public string PartitionLease(int partition) => PartitionLeasePrefix + partition.ToString(CultureInfo.InvariantCulture);

    public string ReplicaPrefix => $"{ServiceId}/replicas/";

    public string Replica(string replicaId) => ReplicaPrefix + Escape(replicaId);

    public string Singleton(string name) => $"{ServiceId}/singletons/{Escape(name)}";

    public string LargeMessage(string queueName, string id) => $"{ServiceId}/messages/{queueName}/{id}";

    public string HealthProbe(string probeId) => $"{ServiceId}/health/{Escape(probeId)}";

    /// <summary>
    /// Keeps ASCII letters, digits, '-' and '_'; every other UTF-8 byte becomes '~' and two hex digits. The mapping is
    /// injective, so distinct keys never share a name, and the result has no '/', '.', '%' or characters that need URL escaping.
    /// </summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        if (builder.Length == 0)
        {
            return "~";
        }

        if (builder.Length <= MaxEscapedLength)
        {
            return builder.ToString();
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return $"{builder.ToString(0, MaxEscapedLength - hash.Length - 1)}~{hash}";
    }
}
