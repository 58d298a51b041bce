using Orleans.Configuration;
using Orleans.Runtime;

namespace MyBot.Orleans.AzureStorage.Streams;

/// <summary>Run by the silo on start, like Orleans' own provider option validators.</summary>
public sealed class AzureQueueDeliveryOptionsValidator(string name, AzureQueueDeliveryOptions options, StreamPullingAgentOptions pullingAgentOptions) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (options.VisibilityTimeout <= pullingAgentOptions.MaxEventDeliveryTime)
        {
            throw new OrleansConfigurationException(
                $"Invalid {AzureQueueDeliveryOptions.SectionName} for the Azure queue stream provider '{name}': VisibilityTimeout ({options.VisibilityTimeout}) must exceed the pulling agent's MaxEventDeliveryTime ({pullingAgentOptions.MaxEventDeliveryTime}), or a message is read again while it is still being retried.");
        }
    }
}
