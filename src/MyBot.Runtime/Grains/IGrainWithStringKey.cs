namespace MyBot.Runtime;

/// <summary>Marker for a grain interface whose identity is a string key, as in Orleans.</summary>
/// <remarks>Every method of a grain interface returns <see cref="Task"/> or <see cref="Task{TResult}"/>.</remarks>
public interface IGrainWithStringKey;
