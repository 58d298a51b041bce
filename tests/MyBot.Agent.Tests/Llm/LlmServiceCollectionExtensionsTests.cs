using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MyBot.Agent.Llm;

namespace MyBot.Agent.Tests.Llm;

public sealed class LlmServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Without_endpoint_or_key_every_call_explains_how_to_configure()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var client = provider.GetRequiredService<IChatClient>();
        var exception = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(LlmErrorKind.NotConfigured, exception.Kind);
        Assert.False(exception.IsTransient);
        Assert.Contains("MyBot__Llm__Endpoint", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MyBot__Llm__ApiKey", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MyBot__Llm__Model", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_alone_configures_the_openai_client()
    {
        using var provider = Build(new Dictionary<string, string?> { ["MyBot:Llm:Endpoint"] = "http://127.0.0.1:11434/v1", ["MyBot:Llm:Model"] = "llama3" });

        var client = provider.GetRequiredService<IChatClient>();

        Assert.NotNull(client.GetService<OpenAI.Chat.ChatClient>());
        Assert.NotNull(client.GetService<LlmFailureChatClient>());
        Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
    }

    [Fact]
    public void Openai_environment_variables_fill_what_the_section_leaves_empty()
    {
        using var provider = Build(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-env", ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1" });

        var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal("sk-env", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:9/v1"), options.Endpoint);
    }

    [Fact]
    public void The_section_wins_over_the_openai_environment_variables()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = "sk-env",
            ["MyBot:Llm:ApiKey"] = "sk-section",
            ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1",
            ["MyBot:Llm:Endpoint"] = "http://127.0.0.1:8/v1",
        });

        var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal("sk-section", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:8/v1"), options.Endpoint);
    }

    [Theory]
    [InlineData("MyBot:Llm:Endpoint", "ftp://example/v1", "MyBot:Llm:Endpoint")]
    [InlineData("MyBot:Llm:Timeout", "-00:00:01", "MyBot:Llm:Timeout")]
    [InlineData("MyBot:Llm:SystemPromptFile", "/nonexistent/prompt.md", "MyBot:Llm:SystemPromptFile")]
    public void Invalid_settings_fail_validation_with_the_key_named(string key, string value, string named)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_system_prompt_file_wins_over_the_inline_prompt()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  from the file \n");
            var options = new LlmOptions { SystemPrompt = "inline", SystemPromptFile = file };

            Assert.Equal("from the file", options.LoadSystemPrompt());
            Assert.Equal("inline", new LlmOptions { SystemPrompt = "inline" }.LoadSystemPrompt());
            Assert.Equal(LlmOptions.DefaultSystemPrompt, new LlmOptions().LoadSystemPrompt());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddLlm(configuration);
        return services.BuildServiceProvider();
    }
}
