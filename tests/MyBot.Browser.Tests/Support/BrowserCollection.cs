namespace MyBot.Browser.Tests.Support;

/// <summary>Browser tests share one Chromium and run one at a time: each starts a real server, and the machine is small.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
