using System.ComponentModel.DataAnnotations;

namespace MyBot.Server.Orleans;

/// <summary>Bound from <c>MyBot:Orleans</c>: how this process joins its cluster.</summary>
public sealed class OrleansOptions
{
    public const string SectionName = "MyBot:Orleans";

    /// <summary>Silos with the same cluster id form one cluster; the localhost silo is a cluster of one.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,63}$", ErrorMessage = "MyBot:Orleans:ClusterId must be 1-63 letters, digits or hyphens.")]
    public string ClusterId { get; set; } = "mybot";

    /// <summary>Names the service's durable data (grain state, reminders, queues); keep it for the life of a deployment.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,49}$", ErrorMessage = "MyBot:Orleans:ServiceId must be 3-50 lowercase letters, digits and single hyphens (it names queues and tables).")]
    public string ServiceId { get; set; } = "mybot";

    /// <summary>Silo-to-silo port. 0 on the localhost silo picks a free loopback port, so two instances on one machine never clash.</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>Port for external Orleans clients; 0 disables the gateway (the HTTP API runs inside the silo and needs none).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>
    /// The IPv4 address or host name other silos reach this one at (a cluster silo only; Azure Container Apps: the app's
    /// own name), resolved when the silo starts; the host's first non-loopback IPv4 address when empty.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Whether a cluster silo listens on every interface (containers, where the advertised address belongs to a proxy in
    /// front of the container) or only on its advertised address; every interface when unset. The localhost silo always
    /// listens on loopback only.
    /// </summary>
    public bool? ListenOnAny { get; set; }

    /// <summary>An unused grain is deactivated after this; its state stays in storage.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "1.00:00:00")]
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(15);
}
