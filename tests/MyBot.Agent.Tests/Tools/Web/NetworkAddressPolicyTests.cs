using System.Net;
using MyBot.Agent.Tools.Web;

namespace MyBot.Agent.Tests.Tools.Web;

public sealed class NetworkAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.9.9.9", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_unicast_addresses_are_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, NetworkAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Options_can_open_private_networks_or_single_addresses()
    {
        Assert.True(new NetworkAddressPolicy(true, []).IsAllowed(IPAddress.Loopback));
        Assert.True(new NetworkAddressPolicy(false, [IPAddress.Parse("10.0.0.5")]).IsAllowed(IPAddress.Parse("10.0.0.5")));
        Assert.False(new NetworkAddressPolicy(false, [IPAddress.Parse("10.0.0.5")]).IsAllowed(IPAddress.Parse("10.0.0.6")));
    }
}
