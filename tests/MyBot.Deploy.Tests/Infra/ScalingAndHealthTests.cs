using MyBot.Deploy.Tests.Bicep;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>Ingress, replicas, scale rule, probes and size of the container app.</summary>
public sealed class ScalingAndHealthTests
{
    private static readonly BicepObject Properties = BicepObject.Parse(InfraFiles.ContainerApp.Resources["app"].Body["properties"]!);

    [Fact]
    public void Ingress_is_https_to_the_server_port_public_only_on_silo_0()
    {
        var ingress = BicepObject.Parse(BicepObject.Parse(Properties["configuration"]!)["ingress"]!);
        Assert.Equal("externalIngress", ingress["external"]);
        Assert.Equal("i == 0", InfraFiles.Main.Modules["app"].Params["externalIngress"]);
        Assert.Equal("false", ingress["allowInsecure"]);
        Assert.Equal("targetPort", ingress["targetPort"]);
        Assert.Equal("8080", InfraFiles.ContainerApp.Variables["targetPort"]);
    }

    [Fact]
    public void Exactly_one_replica_runs_the_silo_with_no_scale_rule()
    {
        var scale = BicepObject.Parse(BicepObject.Parse(Properties["template"]!)["scale"]!);
        Assert.Equal("1", scale["minReplicas"]);
        Assert.Equal("1", scale["maxReplicas"]);
        Assert.Null(scale["rules"]);
        Assert.False(InfraFiles.Main.Parameters.ContainsKey("maxReplicas"));
        Assert.Null(InfraFiles.Main.Modules["app"].Params["maxReplicas"]);
    }

    [Fact]
    public void Probes_check_liveness_readiness_and_startup_on_the_server_port()
    {
        var probes = Probes();
        Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Keys.Order());
        Assert.All(probes.Values, probe => Assert.Equal("targetPort", BicepObject.Parse(probe["httpGet"]!)["port"]));
        Assert.Equal("'/healthz'", BicepObject.Parse(probes["Liveness"]["httpGet"]!)["path"]);
        Assert.Equal("'/healthz'", BicepObject.Parse(probes["Startup"]["httpGet"]!)["path"]);
        Assert.Equal("readinessPath", BicepObject.Parse(probes["Readiness"]["httpGet"]!)["path"]);
        Assert.Equal("deployed ? '/readyz' : '/healthz'", InfraFiles.ContainerApp.Variables["readinessPath"]);
    }

    [Fact]
    public void Probe_timings_are_within_the_platform_limits()
    {
        Assert.All(Probes().Values, probe =>
        {
            Assert.InRange(int.Parse(probe["failureThreshold"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 10);
            Assert.InRange(int.Parse(probe["periodSeconds"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 240);
            Assert.InRange(int.Parse(probe["timeoutSeconds"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 240);
            if (probe["initialDelaySeconds"] is { } delay)
            {
                Assert.InRange(int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            }
        });
    }

    [Fact]
    public void Size_defaults_to_a_quarter_cpu_and_half_a_gibibyte()
    {
        Assert.Equal("'0.25'", InfraFiles.Main.Parameters["containerCpu"].DefaultValue);
        Assert.Equal("'0.5Gi'", InfraFiles.Main.Parameters["containerMemory"].DefaultValue);
        Assert.Equal("containerCpu", InfraFiles.Main.Modules["app"].Params["cpu"]);
        Assert.Equal("containerMemory", InfraFiles.Main.Modules["app"].Params["memory"]);
    }

    private static Dictionary<string, BicepObject> Probes()
    {
        var template = BicepObject.Parse(Properties["template"]!);
        var containers = template["containers"]!;
        var open = containers.IndexOf('{', StringComparison.Ordinal);
        var container = BicepObject.Parse(containers[open..(BicepScanner.FindClosing(containers, open) + 1)]);
        var probes = container["probes"]!;
        return BicepScanner.SplitMembers(probes.Trim()[1..^1])
            .Select(BicepObject.Parse)
            .ToDictionary(probe => probe.StringLiteral("type")!, StringComparer.Ordinal);
    }
}
