using System.ComponentModel.DataAnnotations;

namespace MyBot.Agent.Agents;

/// <summary>Bound from the <c>MyBot</c> section: where agents live, which one answers by default, and who talks to which.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "MyBot";

    /// <summary>The data directory; the workspace defaults to <c>&lt;DataDir&gt;/workspace</c>.</summary>
    public string DataDir { get; set; } = ".data";

    /// <summary>
    /// The folder holding <c>agents/&lt;name&gt;/AGENT.md</c>; created with a default agent on first start. In cloud mode the
    /// workspace is in Blob storage, and this folder, when it exists, only seeds an empty one.
    /// </summary>
    public string? Workspace { get; set; }

    [Required]
    [RegularExpression(AgentNames.Pattern)]
    public string DefaultAgent { get; set; } = "default";

    /// <summary>The owner's IANA time zone (e.g. <c>Europe/Berlin</c>), used by <c>current_time</c> and reminders while a user's own is unknown.</summary>
    public string? TimeZone { get; set; }

    public List<AgentBindingOptions> Bindings { get; set; } = [];

    public string ResolveWorkspace() => Path.GetFullPath(string.IsNullOrWhiteSpace(Workspace) ? Path.Combine(DataDir, "workspace") : Workspace);
}
