using MyBot.Channels;

namespace MyBot.Agent.Commands;

public sealed record CommandContext(EventSource Source, ICommandSession Session, DateTimeOffset Now);
