namespace MyBot.TestKit.Discord;

/// <param name="Status">What the fake answered.</param>
public sealed record FakeRestRequest(string Method, string Path, int Status, DateTimeOffset At);
