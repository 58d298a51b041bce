using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyBot.Agent.Llm;

/// <summary>Says once at start which LLM the agent talks to, or that none is configured.</summary>
internal sealed partial class LlmStartupLogger(IOptions<LlmOptions> options, ILogger<LlmStartupLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var value = options.Value;
        if (value.IsConfigured)
        {
            Log.Configured(logger, value.Endpoint?.GetLeftPart(UriPartial.Path) ?? "(OpenAI default)", value.Model);
        }
        else
        {
            Log.NotConfigured(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "LLM: model {Model} at {Endpoint}")]
        public static partial void Configured(ILogger logger, string endpoint, string model);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
            Message = "No LLM is configured: replies will explain how to configure one. Set MyBot__Llm__Endpoint, MyBot__Llm__Model and (for hosted services) MyBot__Llm__ApiKey.")]
        public static partial void NotConfigured(ILogger logger);
    }
}
