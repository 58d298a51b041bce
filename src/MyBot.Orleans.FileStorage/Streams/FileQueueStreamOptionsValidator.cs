using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace MyBot.Orleans.FileStorage.Streams;

/// <summary>Run by the silo on start, like Orleans' own provider option validators.</summary>
public sealed class FileQueueStreamOptionsValidator(string name, FileQueueStreamOptions options, StreamPullingAgentOptions pullingAgentOptions) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        Check(options.MaxAttempts is >= 1 and <= 100, $"{nameof(options.MaxAttempts)} must be 1 to 100, not {options.MaxAttempts}");
        Check(options.Queues is >= 1 and <= 1024, $"{nameof(options.Queues)} must be 1 to 1024, not {options.Queues}");
        Check(
            options.VisibilityTimeout > pullingAgentOptions.MaxEventDeliveryTime,
            $"{nameof(options.VisibilityTimeout)} ({options.VisibilityTimeout}) must exceed the pulling agent's MaxEventDeliveryTime ({pullingAgentOptions.MaxEventDeliveryTime}), or a message is read again while it is still being retried");
    }

    private void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new OrleansConfigurationException($"Invalid {FileQueueStreamOptions.SectionName} for the file stream provider '{name}': {problem}.");
        }
    }
}
