using System.Net.Http.Json;
using MyBot.Api.Contracts.Agents;

namespace MyBot.Server.Tests.Admin;

[Collection(InProcessServerCollection.Name)]
public sealed class AgentAdminEndpointsTests
{
    [Fact]
    public async Task The_workspace_agents_are_listed_with_model_tools_and_bindings_and_a_broken_agent_file_with_its_error()
    {
        await using var host = await AdminApiHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["MyBot:Bindings:0:Match"] = "telegram:42",
                ["MyBot:Bindings:0:Agent"] = "Coder",
                ["MyBot:Bindings:1:Match"] = "discord",
                ["MyBot:Bindings:1:Agent"] = "coder",
            },
            dataDir =>
            {
                WriteAgent(dataDir, "coder", "---\nname: coder\ndescription: Writes code.\nmodel: big-model\ntools: [current_time, web_fetch]\n---\nYou write code.\n");
                WriteAgent(dataDir, "default", "---\nname: default\ndescription: Answers everyone.\n---\nYou help.\n");
                WriteAgent(dataDir, "broken", "---\nname: broken\ntools: [current_time\n---\nNever loads.\n");
            });

        var overview = await host.Admin.GetFromJsonAsync<AgentsOverview>("/api/admin/agents");

        Assert.Equal("default", overview!.DefaultAgent);
        var coder = Assert.Single(overview.Agents, a => a.Name == "coder");
        Assert.Equal(("Writes code.", "big-model", false, false), (coder.Description, coder.Model, coder.ModelIsDefault, coder.IsDefault));
        Assert.Equal(["current_time", "web_fetch"], coder.Tools);
        Assert.Equal(["telegram:42", "discord"], coder.Bindings);
        Assert.EndsWith(Path.Combine("coder", "AGENT.md"), coder.Path, StringComparison.Ordinal);
        var standard = Assert.Single(overview.Agents, a => a.Name == "default");
        Assert.Equal(("test-model", true, true), (standard.Model, standard.ModelIsDefault, standard.IsDefault));
        Assert.Empty(standard.Bindings);
        var error = Assert.Single(overview.Errors);
        Assert.Equal("broken", error.Agent);
        Assert.EndsWith(Path.Combine("broken", "AGENT.md"), error.Path, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.DoesNotContain(overview.Agents, a => a.Name == "broken");
    }

    private static void WriteAgent(string dataDir, string name, string content)
    {
        var folder = Path.Combine(dataDir, "workspace", "agents", name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "AGENT.md"), content);
    }
}
