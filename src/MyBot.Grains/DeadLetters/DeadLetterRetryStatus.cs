namespace MyBot.Grains.DeadLetters;

public enum DeadLetterRetryStatus
{
    /// <summary>The event is durably back in the grain that gave up on it and the letter is deleted.</summary>
    Requeued,

    NotFound,

    /// <summary>Nothing on this server takes the event back (e.g. a webhook body that is not an update); the letter is kept.</summary>
    NotRetryable,
}
