namespace MyBot.Runtime;

internal interface IPersistentStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}
