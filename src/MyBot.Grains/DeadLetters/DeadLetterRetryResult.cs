using MyBot.Runtime.Storage;

namespace MyBot.Agent.DeadLetters;

/// <param name="Letter">The letter as it was found; null when <see cref="DeadLetterRetryStatus.NotFound"/>.</param>
/// <param name="RequeuedTo">The stream the event was published to, when <see cref="DeadLetterRetryStatus.Requeued"/>.</param>
/// <param name="Reason">Why the letter cannot be retried, for the owner, when <see cref="DeadLetterRetryStatus.NotRetryable"/>.</param>
public sealed record DeadLetterRetryResult(DeadLetterRetryStatus Status, DeadLetter? Letter = null, string? RequeuedTo = null, string? Reason = null);
