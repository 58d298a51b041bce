using MyBot.Orleans.FileStorage.Streams;
using Orleans.Configuration;
using Orleans.Runtime;

namespace MyBot.Orleans.FileStorage.Tests.Streams;

public sealed class FileQueueStreamOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid_against_orleans_default_delivery_time() =>
        Validator(new FileQueueStreamOptions()).ValidateConfiguration();

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void MaxAttempts_outside_1_to_100_is_refused(int maxAttempts)
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(new FileQueueStreamOptions { MaxAttempts = maxAttempts }).ValidateConfiguration());
        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("MyBot:Streams", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visibility_timeout_not_above_the_delivery_time_is_refused()
    {
        var options = new FileQueueStreamOptions { VisibilityTimeout = TimeSpan.FromMinutes(1) };
        var error = Assert.Throws<OrleansConfigurationException>(() => Validator(options).ValidateConfiguration());
        Assert.Contains("VisibilityTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_queues_is_refused() =>
        Assert.Throws<OrleansConfigurationException>(() => Validator(new FileQueueStreamOptions { Queues = 0 }).ValidateConfiguration());

    private static FileQueueStreamOptionsValidator Validator(FileQueueStreamOptions options) =>
        new("inbound", options, new StreamPullingAgentOptions());
}
