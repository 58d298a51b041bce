using Microsoft.Extensions.Configuration;
using MyBot.Server.Hosting;

namespace MyBot.Server.Tests.Hosting;

public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://127.0.0.2:80;http://localhost:81")]
    public void Loopback_urls_are_not_exposed(string urls) =>
        Assert.Empty(ListenAddresses.NonLoopback(Configuration(("urls", urls))));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://192.168.1.5:8080")]
    [InlineData("http://127.0.0.1:5080;http://example.test:80")]
    public void Wildcard_and_remote_urls_are_exposed(string urls) =>
        Assert.NotEmpty(ListenAddresses.NonLoopback(Configuration(("urls", urls))));

    [Fact]
    public void Ports_alone_bind_every_interface()
    {
        var configuration = Configuration(("http_ports", "8080"));

        Assert.True(ListenAddresses.AreConfigured(configuration));
        Assert.Equal(["*:8080"], ListenAddresses.NonLoopback(configuration));
    }

    [Fact]
    public void Nothing_configured_means_the_loopback_default()
    {
        var configuration = Configuration(("http_ports", ""));

        Assert.False(ListenAddresses.AreConfigured(configuration));
        Assert.Empty(ListenAddresses.NonLoopback(configuration));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
