namespace MyBot.Browser.Tests.Support;

public sealed record ChatServerOptions
{
    /// <summary><c>MyBot:Api:Token</c>: when set, the pages ask for it.</summary>
    public string? Token { get; init; }

    /// <summary>More settings as environment variables (<c>MyBot__...</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}
