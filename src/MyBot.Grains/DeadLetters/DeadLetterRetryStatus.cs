namespace MyBot.Agent.DeadLetters;

public enum DeadLetterRetryStatus
{
    /// <summary>The event is durably back where it came from and the letter is deleted.</summary>
    Requeued,

    NotFound,

    /// <summary>Nothing on this server takes the event back (e.g. a webhook body that is not an update); the letter is kept.</summary>
    NotRetryable,
}
