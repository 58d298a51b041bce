using System.Net;
using System.Net.Http.Json;
using MyBot.TestKit;
using MyBot.TestKit.Azure;
using MyBot.TestKit.Llm;

namespace MyBot.Server.Tests.Cluster;

/// <summary>
/// A cloud-mode server keeps nothing on the replica's disk: its working directory (the content root), its data
/// directory, its home (where ASP.NET Core would keep data-protection keys) and its temp folder stay empty through a
/// start, an answered message and a graceful stop.
/// </summary>
public sealed class CloudDiskTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    [Fact]
    public async Task A_cloud_mode_server_writes_nothing_under_its_content_root_data_directory_home_or_temp()
    {
        await using var llm = await ScriptedLlmServer.StartAsync();
        await using var cluster = new CloudCluster(azurite, llm.Endpoint);
        using var home = new TempDirectory();
        using var temp = new TempDirectory();
        var server = await cluster.StartSiloAsync(new Dictionary<string, string?>
        {
            ["HOME"] = home.Path,
            ["TMPDIR"] = temp.Path,

            // The runtime's diagnostics socket in TMPDIR is the runtime's, not the server's.
            ["DOTNET_EnableDiagnostics"] = "0",
        });
        using var client = server.CreateClient();

        using var posted = await client.PostAsJsonAsync("/api/messages", new { user = "disk", text = "hello", id = "m1" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Eventually.WaitUntilAsync(
            async () => (await client.GetFromJsonAsync<List<object>>("/api/messages?source=http%3Adisk%3Adisk&after=0&wait=0"))?.Count > 0,
            CloudCluster.Bound,
            "the reply");
        Assert.Equal(0, await server.StopAsync());

        var dataDirectory = Assert.Single(cluster.DataDirs);
        Assert.Empty(dataDirectory.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(entry => entry.FullName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(home.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path, "*", SearchOption.AllDirectories));
    }
}
