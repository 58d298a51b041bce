using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Agent.Tools;
using MyBot.Agent.Workspace;
using MyBot.Channels;

namespace MyBot.Agent.Agents;

/// <summary>
/// Loads <c>agents/&lt;name&gt;/AGENT.md</c> from the workspace (a folder, or the cluster's blob container) and reloads on
/// change, without a restart; a file that fails to read or parse keeps its last good definition while the error is
/// reported (see <see cref="WorkspaceFolderWatcher{T}"/>).
/// </summary>
public sealed partial class AgentCatalog : IAgentCatalog, IDisposable
{
    public const string AgentFileName = "AGENT.md";

    private const string AgentsFolder = "agents";

    private readonly IAgentWorkspace _workspace;
    private readonly AgentOptions _options;
    private readonly IReadOnlySet<string> _knownTools;
    private readonly ILogger<AgentCatalog> _logger;
    private readonly AgentBindingRouter _router;
    private readonly WorkspaceFolderWatcher<AgentDefinition> _files;
    private bool _defaultMissingLogged;

    public AgentCatalog(IAgentWorkspace workspace, IOptions<AgentOptions> options, IToolRegistry tools, TimeProvider timeProvider, ILogger<AgentCatalog> logger)
    {
        _workspace = workspace;
        _options = options.Value;
        _knownTools = tools.Names;
        _logger = logger;
        _router = new AgentBindingRouter(_options.Bindings);
        EnsureWorkspace();
        _files = new WorkspaceFolderWatcher<AgentDefinition>(
            workspace,
            AgentsFolder,
            AgentFileName,
            "agents",
            (path, name, text) => AgentFileParser.Parse(path, name, text, _knownTools),
            timeProvider,
            logger,
            OnReloaded);
    }

    public IReadOnlyList<AgentDefinition> Agents => [.. _files.Items.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];

    public IReadOnlyList<AgentLoadError> Errors => [.. _files.Errors.Select(e => new AgentLoadError(e.Name, e.Path, e.Line, e.Message))];

    public AgentDefinition? Find(string name) => _files.Items.GetValueOrDefault(name.Trim().ToLowerInvariant());

    public AgentDefinition Resolve(EventSource source, string? selectedAgent)
    {
        var agents = _files.Items;
        if (selectedAgent is not null && agents.TryGetValue(selectedAgent, out var selected))
        {
            return selected;
        }

        if (_router.Route(source) is { } bound && agents.TryGetValue(bound, out var boundAgent))
        {
            return boundAgent;
        }

        return agents.GetValueOrDefault(_options.DefaultAgent) ?? DefaultAgentFile.Fallback(_options.DefaultAgent);
    }

    /// <summary>Reads every agent folder again; called after changes settle, and by tests that need it now.</summary>
    public void Reload() => _files.Reload();

    public void Dispose() => _files.Dispose();

    private void EnsureWorkspace()
    {
        if (_workspace.Files.GetDirectoryContents(AgentsFolder).Exists)
        {
            return;
        }

        var content = DefaultAgentFile.Content(_options.DefaultAgent, _knownTools.Order(StringComparer.Ordinal));
        if (_workspace.CreateIfMissing($"{AgentsFolder}/{_options.DefaultAgent}/{AgentFileName}", content))
        {
            Log.WorkspaceCreated(_logger, _workspace.Locate(AgentsFolder), _options.DefaultAgent);
        }
    }

    private void OnReloaded(IReadOnlyDictionary<string, AgentDefinition> agents)
    {
        var defaultMissing = !agents.ContainsKey(_options.DefaultAgent);
        if (defaultMissing && !_defaultMissingLogged)
        {
            Log.DefaultAgentMissing(_logger, _options.DefaultAgent);
        }

        _defaultMissingLogged = defaultMissing;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created the agent workspace {Directory} with the agent '{Agent}'")]
        public static partial void WorkspaceCreated(ILogger logger, string directory, string agent);

        [LoggerMessage(4, LogLevel.Warning, "The default agent '{Agent}' is not loaded; the built-in assistant answers instead")]
        public static partial void DefaultAgentMissing(ILogger logger, string agent);
    }
}
