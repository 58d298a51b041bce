namespace MyBot.Grains.DeadLetters;

/// <param name="Letter">The letter as it was found; null when <see cref="DeadLetterRetryStatus.NotFound"/>.</param>
/// <param name="RequeuedTo">The origin that took the event back (<c>inbound</c>: its session; <c>delivery</c>: its delivery grain), when <see cref="DeadLetterRetryStatus.Requeued"/>.</param>
/// <param name="Reason">Why the letter cannot be retried, for the owner, when <see cref="DeadLetterRetryStatus.NotRetryable"/>.</param>
public sealed record DeadLetterRetryResult(DeadLetterRetryStatus Status, DeadLetter? Letter = null, string? RequeuedTo = null, string? Reason = null);
