namespace MyBot.Channels.Access;

public sealed record ApprovedUser(string Platform, string UserId, string? DisplayName, DateTimeOffset ApprovedAt);
