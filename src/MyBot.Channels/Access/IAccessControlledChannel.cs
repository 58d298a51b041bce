namespace MyBot.Channels.Access;

/// <summary>A chat channel that decides who may talk to the agent: its policy and configured users, for the owner's console.</summary>
public interface IAccessControlledChannel : IChannel
{
    AccessSettings Access { get; }
}
