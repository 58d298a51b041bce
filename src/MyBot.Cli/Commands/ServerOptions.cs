using System.CommandLine;

namespace MyBot.Cli.Commands;

/// <summary>The options every command that talks to a server shares: where it is and the API token.</summary>
public sealed class ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public Option<string> Url { get; } = new("--url")
    {
        Description = "The MyBot server (env MYBOT_URL).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MYBOT_URL") is { Length: > 0 } url ? url : DefaultUrl,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The server's MyBot:Api:Token, if it has one (env MYBOT_TOKEN).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MYBOT_TOKEN"),
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Url);
        command.Options.Add(Token);
    }

    public MyBotApiClient CreateClient(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var url = parseResult.GetValue(Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--url '{url}' is not an http(s) URL such as {DefaultUrl}.");
        }

        return new MyBotApiClient(baseUrl, parseResult.GetValue(Token));
    }
}
