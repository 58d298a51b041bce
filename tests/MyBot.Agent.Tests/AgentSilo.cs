using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyBot.Agent.History;
using MyBot.Channels;
using MyBot.Channels.Hosting;
using MyBot.TestKit.Channels;
using MyBot.TestKit.Grains;
using MyBot.TestKit.Time;

namespace MyBot.Agent.Tests;

/// <summary>The agent's grains on the real runtime (test kit silo), with a scripted LLM and a recording channel.</summary>
internal static class AgentSilo
{
    public static Task<TestSilo> StartAsync(IChatClient llm, RecordingChannel channel, ITranscriptStore transcripts, string dataDir, SharedStores? stores = null, FakeTimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?> { ["MyBot:DataDir"] = dataDir, ["MyBot:Llm:Model"] = "gpt-test" };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        return TestSilo.StartAsync(
            services =>
            {
                services.AddSingleton(llm);
                services.AddSingleton<IChannel>(channel);
                services.AddChannelHosting(config);
                services.AddSingleton(transcripts);
                services.AddMyBotAgent(config);
            },
            stores,
            time,
            configuration);
    }
}
