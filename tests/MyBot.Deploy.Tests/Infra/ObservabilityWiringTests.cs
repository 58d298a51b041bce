using MyBot.Deploy.Tests.Bicep;
using MyBot.Server.Telemetry;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>Traces and logs reach Application Insights through the environment's managed OpenTelemetry agent; metrics from the server itself.</summary>
public sealed class ObservabilityWiringTests
{
    private static BicepFile Environment => InfraFiles.Module("container-apps-environment");

    private static BicepObject EnvironmentProperties => BicepObject.Parse(Environment.Resources["managedEnvironment"].Body["properties"]!);

    [Fact]
    public void The_environment_gives_its_agent_the_application_insights_of_the_deployment()
    {
        var appInsights = BicepObject.Parse(EnvironmentProperties["appInsightsConfiguration"]!);
        Assert.Equal("appInsights.properties.ConnectionString", appInsights["connectionString"]);
        Assert.Equal("appInsightsName", Environment.Resources["appInsights"].Body["name"]);
        Assert.Equal("monitoring.outputs.appInsightsName", InfraFiles.Main.Modules["containerAppsEnvironment"].Params["appInsightsName"]);
    }

    [Theory]
    [InlineData("tracesConfiguration")]
    [InlineData("logsConfiguration")]
    public void The_agent_sends_traces_and_logs_to_application_insights(string signal)
    {
        var openTelemetry = BicepObject.Parse(EnvironmentProperties["openTelemetryConfiguration"]!);
        var destinations = BicepObject.Parse(openTelemetry[signal]!)["destinations"]!;
        Assert.Equal(["appInsights"], Strings(destinations));
    }

    [Fact]
    public void The_agent_routes_no_metrics_because_application_insights_takes_none_from_it()
    {
        var openTelemetry = BicepObject.Parse(EnvironmentProperties["openTelemetryConfiguration"]!);
        Assert.Null(openTelemetry["metricsConfiguration"]);
    }

    [Fact]
    public void Every_silo_exports_its_metrics_to_the_same_application_insights_with_the_connection_string_as_a_secret()
    {
        var variable = InfraFiles.EnvironmentVariables.Single(entry => entry.Name == TelemetryServiceCollectionExtensions.ApplicationInsightsConnectionString);
        Assert.False(variable.IsConditional);
        var secretName = variable.Object.StringLiteral("secretRef");
        var secret = InfraFiles.Secrets.Single(entry => entry.Name == secretName);
        Assert.Equal("appInsightsConnectionString", secret.Object["value"]);
        Assert.True(InfraFiles.ContainerApp.Parameters["appInsightsConnectionString"].IsSecure);
        Assert.Equal("appInsights.properties.ConnectionString", InfraFiles.Main.Modules["app"].Params["appInsightsConnectionString"]);
        Assert.Equal("appInsightsName", InfraFiles.Main.Resources["appInsights"].Body["name"]);
        Assert.Equal("appInsightsName", InfraFiles.Main.Modules["monitoring"].Params["appInsightsName"]);
    }

    [Fact]
    public void The_server_reads_the_otlp_endpoint_and_service_name_the_platform_and_the_app_set()
    {
        Assert.Equal("'mybot'", InfraFiles.EnvironmentVariables.Single(entry => entry.Name == "OTEL_SERVICE_NAME").Object["value"]);
        Assert.Equal(TelemetryServiceCollectionExtensions.DefaultServiceName, BicepObject.Literal(InfraFiles.EnvironmentVariables.Single(entry => entry.Name == "OTEL_SERVICE_NAME").Object["value"]));
    }

    private static string[] Strings(string arrayText) =>
        [.. BicepScanner.SplitMembers(arrayText.Trim()[1..^1]).Select(item => BicepObject.Literal(item.Trim())!)];
}
