using System.Net;
using System.Text.Json;
using MyBot.TestKit;
using MyBot.TestKit.Server;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>The LLM endpoint is checked once at start: a wrong one is one log line and "degraded" in /readyz, and the server still starts.</summary>
public sealed class LlmEndpointCheckTests
{
    [Fact]
    public async Task An_endpoint_without_its_version_path_is_reported_with_the_fix()
    {
        await using var environment = await E2eEnvironment.CreateAsync();
        environment.Settings["MyBot__Llm__Endpoint"] = environment.Llm!.Url.ToString();
        await using var server = await environment.StartServerAsync();

        var warning = await DegradedWarningAsync(server);

        Assert.Contains("/v1", warning, StringComparison.Ordinal);
        Assert.Contains("MyBot:Llm:Endpoint", server.Logs, StringComparison.Ordinal);
        Assert.Equal(0, environment.Llm.RequestCount);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_reported_and_the_server_runs()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        environment.Settings["MyBot__Llm__Endpoint"] = $"http://127.0.0.1:{ServerProcess.FreePort()}/v1";
        await using var server = await environment.StartServerAsync();

        var warning = await DegradedWarningAsync(server);

        Assert.Contains("unreachable", warning, StringComparison.Ordinal);
        Assert.Single(server.Logs.Split('\n'), line => line.Contains("LLM check:", StringComparison.Ordinal));
    }

    private static async Task<string> DegradedWarningAsync(ServerProcess server)
    {
        using var client = server.CreateClient();
        return await Eventually.WaitForAsync(
            async () =>
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return response.StatusCode == HttpStatusCode.OK && body.GetProperty("status").GetString() == "degraded"
                    ? body.GetProperty("warnings")[0].GetString()
                    : null;
            },
            E2eEnvironment.Bound,
            "/readyz to report the LLM as degraded");
    }
}
