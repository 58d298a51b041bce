using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyBot.Server.Hosting;
using MyBot.Server.Orleans;
using Orleans.Configuration;

namespace MyBot.Server.Tests.Orleans;

public sealed class SiloEndpointTests
{
    private const string AzuriteConnectionString = "UseDevelopmentStorage=true";

    [Fact]
    public void An_ip_address_is_advertised_as_it_is() =>
        Assert.Equal(IPAddress.Parse("10.40.0.7"), AdvertisedAddress.Resolve(" 10.40.0.7 "));

    [Fact]
    public void A_host_name_is_resolved_to_its_ipv4_address() =>
        Assert.Equal(IPAddress.Loopback, AdvertisedAddress.Resolve("localhost"));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("255.255.255.255")]
    public void An_address_no_silo_can_dial_is_refused_naming_the_setting(string configured)
    {
        var exception = Assert.Throws<ServerConfigurationException>(() => AdvertisedAddress.Resolve(configured));
        Assert.Contains("MyBot:Orleans:AdvertisedAddress", exception.Message, StringComparison.Ordinal);
        Assert.Contains(configured, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_that_does_not_resolve_is_refused_in_one_line_naming_the_setting()
    {
        var exception = Assert.Throws<ServerConfigurationException>(() => AdvertisedAddress.Resolve("no-such-silo.invalid"));
        Assert.StartsWith("MyBot:Orleans:AdvertisedAddress = 'no-such-silo.invalid'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void A_cluster_silo_listens_on_every_interface_by_default_and_advertises_the_resolved_address()
    {
        var endpoints = CloudEndpoints(("MyBot:Orleans:AdvertisedAddress", "localhost"), ("MyBot:Orleans:SiloPort", "11112"));

        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(11112, endpoints.SiloPort);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void A_cluster_silo_not_listening_on_any_listens_on_its_advertised_address_only()
    {
        var endpoints = CloudEndpoints(
            ("MyBot:Orleans:AdvertisedAddress", "127.0.0.1"), ("MyBot:Orleans:ListenOnAny", "false"), ("MyBot:Orleans:GatewayPort", "30000"));

        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(EndpointOptions.DEFAULT_SILO_PORT, endpoints.SiloPort);
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Equal(30000, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void The_localhost_silo_refuses_to_listen_on_any()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("MyBot:Orleans:ListenOnAny", "true")]);

        var exception = Assert.Throws<ServerConfigurationException>(() => builder.UseOrleans(silo => silo.UseMyBotSilo(builder.Configuration)));
        Assert.Contains("MyBot:Orleans:ListenOnAny", exception.Message, StringComparison.Ordinal);
    }

    private static EndpointOptions CloudEndpoints(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))
                .Append(new("MyBot:Storage:Provider", "AzureStorage"))
                .Append(new("MyBot:Storage:Azure:ConnectionString", AzuriteConnectionString)));
        builder.UseOrleans(silo => silo.UseMyBotSilo(builder.Configuration));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
    }
}
