using Microsoft.Extensions.FileProviders;

namespace MyBot.Agent.Workspace;

/// <summary>
/// The owner's workspace (<c>agents/</c>, and whatever else the agent reads from files), read through an
/// <see cref="IFileProvider"/> whose <see cref="IFileProvider.Watch"/> tokens fire on change: a folder on disk for the
/// localhost silo, the cluster's blob container in cloud mode, where a replica's disk does not outlive the replica.
/// </summary>
/// <remarks>Paths are relative to the workspace, separated by <c>/</c> (<c>agents/default/AGENT.md</c>).</remarks>
public interface IAgentWorkspace
{
    IFileProvider Files { get; }

    /// <summary>Where a workspace path is, as the owner would look for it (a file path, a blob URI): for messages.</summary>
    string Locate(string path);

    /// <summary>Writes the file only when nothing is at <paramref name="path"/>, so a first start never replaces the owner's file.</summary>
    /// <returns>Whether this call wrote it.</returns>
    bool CreateIfMissing(string path, string content);
}
