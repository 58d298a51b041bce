namespace MyBot.Runtime;

public enum DeactivationReason
{
    Idle,
    ApplicationRequested,
    InconsistentState,
    PartitionLost,
    ShuttingDown,
}
