using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyBot.Deploy.Tests.Bicep;
using MyBot.Server.Hosting;
using Orleans.Configuration;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>
/// Orleans' Container Apps shape: a VNet-integrated environment, one one-replica app per silo, each silo advertising its
/// own app name with a silo port of its own, and a stop that fits before the platform's SIGKILL.
/// </summary>
public sealed class SiloTopologyTests
{
    private static BicepModuleCall SiloApps => InfraFiles.Main.Modules["app"];

    [Fact]
    public void Silo_count_is_a_parameter_from_one_to_five_set_by_SILO_COUNT()
    {
        var parameter = InfraFiles.Main.Parameters["siloCount"];
        Assert.Equal("int", parameter.Type);
        Assert.Equal("1", parameter.DefaultValue);
        Assert.Contains("@minValue(1)", parameter.Decorators);
        Assert.Contains("@maxValue(5)", parameter.Decorators);
        Assert.Contains("\"value\": \"${SILO_COUNT=1}\"", RepositoryLayout.ReadText("infra", "main.parameters.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_app_module_is_deployed_once_per_silo_one_app_at_a_time()
    {
        Assert.Equal("i in range(0, siloCount)", SiloApps.Loop);
        Assert.Contains("@batchSize(1)", SiloApps.Decorators);
        Assert.Equal("siloAppNames[i]", SiloApps.Params["name"]);
        Assert.StartsWith("[for i in range(0, siloCount): i == 0 ? appName : ", InfraFiles.Main.Variables["siloAppNames"], StringComparison.Ordinal);
        Assert.All(InfraFiles.Main.Modules.Values.Where(call => call.Symbol != SiloApps.Symbol), call => Assert.Null(call.Loop));
    }

    [Fact]
    public void Each_silo_app_listens_on_and_exposes_its_own_silo_port_internally()
    {
        Assert.Equal("firstSiloPort + i", SiloApps.Params["siloPort"]);
        Assert.Equal(EndpointOptions.DEFAULT_SILO_PORT.ToString(CultureInfo.InvariantCulture), InfraFiles.Main.Variables["firstSiloPort"]);

        var mapping = Assert.Single(PortMappings());
        Assert.Equal("false", mapping["external"]);
        Assert.Equal("siloPort", mapping["targetPort"]);
        Assert.Equal("siloPort", mapping["exposedPort"]);
        Assert.Equal("string(siloPort)", Variable("MyBot__Orleans__SiloPort")["value"]);

        var siloPort = InfraFiles.ContainerApp.Parameters["siloPort"];
        Assert.Equal("int", siloPort.Type);
        var httpPort = int.Parse(InfraFiles.ContainerApp.Variables["targetPort"], CultureInfo.InvariantCulture);
        var highestSiloPort = EndpointOptions.DEFAULT_SILO_PORT + 4;
        Assert.NotInRange(httpPort, EndpointOptions.DEFAULT_SILO_PORT, highestSiloPort);
    }

    [Fact]
    public void Every_silo_advertises_its_own_app_name_and_listens_on_every_interface()
    {
        Assert.Null(SiloApps.Params["advertisedAddress"]);
        Assert.Equal("name", Variable("MyBot__Orleans__AdvertisedAddress")["value"]);
        Assert.Equal("siloAppNames[i]", SiloApps.Params["name"]);
        Assert.DoesNotContain(InfraFiles.EnvironmentVariables, entry => entry.Name == "MyBot__Orleans__ListenOnAny");
        Assert.Equal("managedEnvironment.properties.staticIp", InfraFiles.Module("container-apps-environment").Outputs["staticIp"].Expression);
        Assert.Equal("containerAppsEnvironment.outputs.staticIp", InfraFiles.Main.Outputs["AZURE_CONTAINER_APPS_ENVIRONMENT_STATIC_IP"].Expression);
    }

    [Fact]
    public void The_environment_runs_workload_profiles_in_a_subnet_delegated_to_container_apps()
    {
        var environmentFile = InfraFiles.Module("container-apps-environment");
        var properties = BicepObject.Parse(environmentFile.Resources["managedEnvironment"].Body["properties"]!);
        var vnet = BicepObject.Parse(properties["vnetConfiguration"]!);
        Assert.Equal("infrastructureSubnetId", vnet["infrastructureSubnetId"]);
        Assert.Equal("false", vnet["internal"]);
        var profile = BicepObject.Parse(Objects(properties["workloadProfiles"]!).Single());
        Assert.Equal("'Consumption'", profile["workloadProfileType"]);
        Assert.Equal("consumptionProfileName", profile["name"]);
        Assert.Equal("containerAppsEnvironment.outputs.workloadProfileName", SiloApps.Params["workloadProfileName"]);
        Assert.Equal("workloadProfileName", BicepObject.Parse(InfraFiles.ContainerApp.Resources["app"].Body["properties"]!)["workloadProfileName"]);
        Assert.Equal("network.outputs.infrastructureSubnetId", InfraFiles.Main.Modules["containerAppsEnvironment"].Params["infrastructureSubnetId"]);

        var network = InfraFiles.Module("network");
        var subnet = BicepObject.Parse(Objects(BicepObject.Parse(network.Resources["network"].Body["properties"]!)["subnets"]!).Single());
        Assert.Equal("infrastructureSubnetName", subnet["name"]);
        var subnetProperties = BicepObject.Parse(subnet["properties"]!);
        var delegation = BicepObject.Parse(Objects(subnetProperties["delegations"]!).Single());
        Assert.Equal("'Microsoft.App/environments'", BicepObject.Parse(delegation["properties"]!)["serviceName"]);
        Assert.Contains("infrastructureSubnetName", network.Outputs["infrastructureSubnetId"].Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void The_infrastructure_subnet_is_inside_the_network_and_at_least_the_workload_profiles_minimum()
    {
        var network = InfraFiles.Module("network");
        var space = IPNetwork.Parse(BicepObject.Literal(network.Parameters["addressPrefix"].DefaultValue)!);
        var subnet = IPNetwork.Parse(BicepObject.Literal(network.Parameters["infrastructureSubnetPrefix"].DefaultValue)!);

        Assert.True(space.Contains(subnet.BaseAddress), $"{subnet} is outside {space}");
        Assert.True(subnet.PrefixLength >= space.PrefixLength);
        Assert.True(subnet.PrefixLength <= 27, "a workload profiles environment needs at least a /27");
    }

    [Fact]
    public void Only_silo_0_carries_the_azd_service_tag_and_the_others_take_its_image()
    {
        Assert.StartsWith("i == 0 ? union(tags, {", SiloApps.Params["tags"], StringComparison.Ordinal);
        Assert.EndsWith("}) : tags", SiloApps.Params["tags"], StringComparison.Ordinal);
        Assert.Equal("existingImage.outputs.containers", SiloApps.Params["existingContainers"]);
        Assert.Equal("appName", InfraFiles.Main.Modules["existingImage"].Params["name"]);
        Assert.Equal("join(skip(siloAppNames, 1), ' ')", InfraFiles.Main.Outputs["MYBOT_OTHER_SILO_APPS"].Expression);

        foreach (var script in new[] { "roll-silos.sh", "roll-silos.ps1" })
        {
            var text = RepositoryLayout.ReadText("infra", "hooks", script);
            Assert.Contains("MYBOT_OTHER_SILO_APPS", text, StringComparison.Ordinal);
            Assert.Contains("SERVICE_MYBOT_NAME", text, StringComparison.Ordinal);
            Assert.Contains("az containerapp update", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_platforms_grace_period_outlasts_the_servers_own_shutdown_timeout()
    {
        var template = BicepObject.Parse(BicepObject.Parse(InfraFiles.ContainerApp.Resources["app"].Body["properties"]!)["template"]!);
        Assert.Equal("terminationGracePeriodSeconds", template["terminationGracePeriodSeconds"]);
        var gracePeriod = TimeSpan.FromSeconds(int.Parse(InfraFiles.ContainerApp.Variables["terminationGracePeriodSeconds"], CultureInfo.InvariantCulture));

        var services = new ServiceCollection();
        services.AddMyBotServer(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        var shutdownTimeout = provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        Assert.True(gracePeriod - shutdownTimeout >= TimeSpan.FromSeconds(10), $"grace {gracePeriod} leaves too little after the host's {shutdownTimeout}");
    }

    private static BicepObject Variable(string name) =>
        InfraFiles.EnvironmentVariables.Single(entry => entry.Name == name).Object;

    private static IEnumerable<BicepObject> PortMappings()
    {
        var configuration = BicepObject.Parse(BicepObject.Parse(InfraFiles.ContainerApp.Resources["app"].Body["properties"]!)["configuration"]!);
        var ingress = BicepObject.Parse(configuration["ingress"]!);
        return Objects(ingress["additionalPortMappings"]!).Select(BicepObject.Parse);
    }

    /// <summary>The object literals of an array literal's text.</summary>
    private static IEnumerable<string> Objects(string arrayText) => BicepScanner.SplitMembers(arrayText.Trim()[1..^1]);
}
