using System.Net;
using System.Net.Sockets;
using MyBot.TestKit;
using MyBot.TestKit.Server;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.EndToEnd;

/// <summary>Each mistake a first run makes stops the real server with one line naming what to fix, exit code 2, no stack trace.</summary>
public sealed class ConfigurationMistakeTests
{
    [Fact]
    public async Task A_syntax_error_in_appsettings_json_names_the_file_and_the_line()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        using var contentRoot = new TempDirectory();
        var file = Path.Combine(contentRoot.Path, "appsettings.json");
        await File.WriteAllTextAsync(file, "{\n  \"MyBot\": { \"DataDir\": \"x\" },\n  oops\n}\n");

        var line = await RefusedStartAsync(environment, ["--contentRoot", contentRoot.Path]);

        Assert.Contains(file, line, StringComparison.Ordinal);
        Assert.Contains("line 3", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_named_with_the_setting()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        var file = Path.Combine(environment.DataDir, "a-file");
        await File.WriteAllTextAsync(file, "not a directory");
        environment.Settings["MyBot__DataDir"] = Path.Combine(file, "data");

        var line = await RefusedStartAsync(environment, []);

        Assert.Contains("MyBot:DataDir", line, StringComparison.Ordinal);
        Assert.Contains("cannot be created or written", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_stops_with_one_line()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        await using var first = await environment.StartServerAsync();

        var line = await RefusedStartAsync(environment, []);

        Assert.Contains("in use by another MyBot server", line, StringComparison.Ordinal);
        Assert.Contains("MyBot__DataDir", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_port_in_use_is_named_with_how_to_move()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var line = await RefusedStartAsync(environment, ["--urls", url]);

        Assert.Contains(url, line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_port_in_use_names_the_setting()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        environment.Settings["MyBot__Orleans__SiloPort"] = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var line = await RefusedStartAsync(environment, []);

        Assert.Contains("MyBot__Orleans__SiloPort", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_key()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        environment.Settings["MyBot__Session__MaxAttempts"] = "five";

        var line = await RefusedStartAsync(environment, []);

        Assert.Contains("MyBot:Session:MaxAttempts", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_users_are_read_in_the_list_form_and_the_comma_separated_form()
    {
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        environment.Settings["MyBot__Telegram__AllowedUsers__0"] = "42";
        environment.Settings["MyBot__Telegram__AllowedUsers__1"] = "@ann";
        environment.Settings["MyBot__Discord__AllowedUsers"] = "7, 8";

        await using var server = await environment.StartServerAsync();

        Assert.DoesNotContain("   at ", server.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_stopped_for_good_makes_the_server_not_ready()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var environment = await E2eEnvironment.CreateAsync(withLlm: false);
        environment.Settings["MyBot__Telegram__BotToken"] = "42:not-the-token-the-fake-knows";
        environment.Settings["MyBot__Telegram__ApiBaseUrl"] = telegram.Url.ToString();
        await using var server = ServerProcess.Launch(environment.Settings, ServerProcess.FreePort(), [], null);
        using var client = server.CreateClient();

        string? body = null;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                    body = await response.Content.ReadAsStringAsync();
                    return response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("telegram: stopped for good", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            E2eEnvironment.Bound,
            "/readyz to report the Telegram channel stopped for good");

        Assert.Contains("BotToken", body, StringComparison.Ordinal);
    }

    private static async Task<string> RefusedStartAsync(E2eEnvironment environment, IReadOnlyList<string> arguments)
    {
        var (exitCode, logs) = await ServerProcess.RunUntilExitAsync(environment.Settings, arguments, E2eEnvironment.Bound);

        Assert.True(exitCode == 2, $"exit code {exitCode}, logs:\n{logs}");
        Assert.DoesNotContain("   at ", logs, StringComparison.Ordinal);
        var line = Assert.Single(logs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("MyBot cannot start:", StringComparison.Ordinal));
        return line;
    }
}
