namespace MyBot.Runtime;

/// <summary>The call reached an activation that was deactivated meanwhile; the catalog retries on a fresh one.</summary>
internal sealed class ActivationDeactivatedException() : Exception("The activation was deactivated.");
