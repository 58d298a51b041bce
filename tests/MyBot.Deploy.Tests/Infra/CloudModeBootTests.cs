using System.Net;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Llm;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;
using Xunit.Abstractions;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>
/// The real server process started with the variables the Bicep gives the container app: storage is Azurite through a
/// connection string instead of the endpoints and the managed identity, Telegram is the fake Bot API, the LLM a scripted
/// one, and the public URL is the server's loopback address.
/// </summary>
public sealed class CloudModeBootTests : IClassFixture<AzuriteServer>, IAsyncLifetime
{
    private const string ApiToken = "deploy-test-api-token-0123456789abcdef";
    private const string WebhookSecret = "deploy-test-webhook-secret_0123456789";
    private const long UserId = 4242;

    private readonly AzuriteServer _azurite;
    private readonly ITestOutputHelper _output;
    private FakeTelegramServer _telegram = null!;
    private ScriptedLlmServer _llm = null!;
    private ApplicationInsightsIngestion _appInsights = null!;

    public CloudModeBootTests(AzuriteServer azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramServer.StartAsync();
        _llm = await ScriptedLlmServer.StartAsync();
        _appInsights = await ApplicationInsightsIngestion.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _llm.DisposeAsync();
        await _appInsights.DisposeAsync();
    }

    [Fact]
    public async Task Registers_its_webhook_with_the_secret_answers_an_update_end_to_end_and_stops_within_the_grace_period()
    {
        var port = ServerProcess.FreePort();
        var publicUrl = $"http://127.0.0.1:{port}";
        var environment = CloudEnvironment(publicUrl)
            .Without("ASPNETCORE_URLS")
            .With("MyBot__Telegram__ApiBaseUrl", _telegram.Url.ToString())
            .With("MyBot__Telegram__AllowedUsers", UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using var server = await ServerProcess.StartAsync(environment.Variables, port);

        await Eventually.WaitUntilAsync(() => _telegram.WebhookUrl is not null, TimeSpan.FromSeconds(30), "the server to register its webhook");
        Assert.Equal($"{publicUrl}/api/telegram/webhook", _telegram.WebhookUrl);
        Assert.Equal(WebhookSecret, _telegram.WebhookSecret);

        using var client = new HttpClient();
        var update = _telegram.TextUpdate(UserId, UserId, "hello from the phone").ToJsonString();
        using (var refused = await _telegram.PostToWebhookAsync(client, update, "not-the-secret"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var accepted = await _telegram.PostToWebhookAsync(client, update, WebhookSecret))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await Eventually.WaitUntilAsync(() => _telegram.SentTo(UserId).Count > 0, TimeSpan.FromSeconds(60), "the agent's reply to reach Telegram");
        Assert.Contains("echo: hello from the phone", _telegram.SentTo(UserId)[0].VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiToken, server.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookSecret, server.Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_telegram.Token, server.Logs, StringComparison.Ordinal);

        // Container Apps sends SIGKILL the grace period after SIGTERM: the silo must have left the cluster by then.
        var gracePeriod = TimeSpan.FromSeconds(int.Parse(InfraFiles.ContainerApp.Variables["terminationGracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture));
        var stopping = TimeProvider.System.GetTimestamp();
        var exitCode = await server.StopAsync(gracePeriod);
        _output.WriteLine($"graceful stop after SIGTERM: {TimeProvider.System.GetElapsedTime(stopping).TotalSeconds:F1} s (grace period {gracePeriod.TotalSeconds:F0} s)");
        Assert.Equal(0, exitCode);

        // The environment's agent takes no metrics to Application Insights; the server's own exporter sent them, at the latest when it stopped.
        Assert.Contains("mybot.messages.in", _appInsights.Received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_to_listen_on_every_interface_without_the_api_token()
    {
        var bicepUrls = CloudEnvironment("https://mybot.example").Variables["ASPNETCORE_URLS"]!;
        Assert.StartsWith("http://+:", bicepUrls, StringComparison.Ordinal);
        var environment = CloudEnvironment("https://mybot.example")
            .Without("MyBot__Api__Token")
            .With("ASPNETCORE_URLS", $"http://0.0.0.0:{ServerProcess.FreePort()}")
            .With("MyBot__Telegram__ApiBaseUrl", _telegram.Url.ToString());

        var (exitCode, logs) = await ServerProcess.RunUntilExitAsync(environment.Variables, [], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MyBot__Api__Token", logs, StringComparison.Ordinal);
        Assert.Null(_telegram.WebhookUrl);
    }

    private CloudModeEnvironment CloudEnvironment(string publicUrl) =>
        new CloudModeEnvironment(
                new Dictionary<string, string?>
                {
                    ["'http://+:${targetPort}'"] = "http://+:8080",
                    ["identity.properties.clientId"] = "00000000-0000-0000-0000-000000000000",
                    ["blobEndpoint"] = null,
                    ["queueEndpoint"] = null,
                    ["tableEndpoint"] = null,
                    ["appUrl"] = publicUrl,
                    ["string(siloPort)"] = ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["name"] = "localhost",
                    ["clusterId"] = Bicep.BicepObject.Literal(InfraFiles.ContainerApp.Variables["clusterId"]),
                    ["serviceId"] = Bicep.BicepObject.Literal(InfraFiles.ContainerApp.Variables["serviceId"]),
                    ["llmEndpoint"] = _llm.Endpoint.ToString(),
                    ["llmModel"] = "test-model",
                },
                new Dictionary<string, string>
                {
                    ["api-token"] = ApiToken,
                    ["telegram-webhook-secret"] = WebhookSecret,
                    ["telegram-bot-token"] = _telegram.Token,
                    ["llm-api-key"] = "test-llm-key",
                    ["appinsights-connection-string"] = _appInsights.ConnectionString,
                })
            .With("MyBot__Storage__Azure__ConnectionString", _azurite.ConnectionString)
            .With("MyBot__Orleans__ListenOnAny", "false")
            .With("MyBot__Orleans__ServiceId", $"deploy{Guid.NewGuid():N}"[..20]);
}
