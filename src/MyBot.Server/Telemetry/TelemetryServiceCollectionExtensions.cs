using Azure.Monitor.OpenTelemetry.Exporter;
using MyBot.Grains;
using MyBot.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MyBot.Server.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The service name on every span, metric and log record unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string DefaultServiceName = "mybot";

    /// <summary>Set, the metrics are also exported to that Application Insights resource.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Orleans' grain-call spans between our grains, and its grain storage's spans; its runtime's own calls (membership, pings) are left out.</summary>
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: the product's source and meter, ASP.NET Core, HttpClient, Orleans
    /// and the runtime. Spans are always made, so the LLM and the platforms receive a <c>traceparent</c> and log records
    /// carry trace ids; they are exported by OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IServiceCollection AddMyBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(MyBotTelemetry.Name)
                .AddSource(OrleansActivitySources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(MyBotTelemetry.Name, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        // On Container Apps the environment's OpenTelemetry agent takes traces and logs to Application Insights, but not
        // metrics: those go there straight from here.
        if (configuration[ApplicationInsightsConnectionString] is { Length: > 0 } connectionString)
        {
            telemetry.WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(options => options.ConnectionString = connectionString));
        }

        return services;
    }

    /// <summary>Wraps the registered <see cref="IDeadLetterStore"/> so every letter is counted; call after the storage is added.</summary>
    public static IServiceCollection AddDeadLetterMetrics(this IServiceCollection services)
    {
        var store = services.LastOrDefault(d => d.ServiceType == typeof(IDeadLetterStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("Add the storage (its IDeadLetterStore) before AddDeadLetterMetrics.");
        services.Remove(store);
        services.AddSingleton<IDeadLetterStore>(provider => new CountingDeadLetterStore(
            store.ImplementationInstance as IDeadLetterStore
            ?? store.ImplementationFactory?.Invoke(provider) as IDeadLetterStore
            ?? (IDeadLetterStore)ActivatorUtilities.CreateInstance(provider, store.ImplementationType!)));
        return services;
    }
}
