namespace MyBot.Agent.Workspace;

/// <summary>A workspace folder whose file could not be loaded, kept so commands and the log can show it.</summary>
/// <param name="Line">1-based; 0 when the problem is not on a line (an unreadable file, a bad folder name).</param>
public sealed record WorkspaceLoadError(string Name, string Path, int Line, string Message);
