namespace MyBot.Agent.Llm;

/// <summary>Bound from <c>MyBot:Llm</c>; <c>OPENAI_API_KEY</c> and <c>OPENAI_BASE_URL</c> fill what it leaves empty.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "MyBot:Llm";

    public const string DefaultSystemPrompt = "You are MyBot, a helpful personal assistant. Answer concisely.";

    /// <summary>The OpenAI-compatible base URL including its version path, e.g. <c>http://127.0.0.1:11434/v1</c> for Ollama.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Not needed for local servers (Ollama, vLLM, LM Studio).</summary>
    public string? ApiKey { get; set; }

    public string Model { get; set; } = "gpt-4o-mini";

    public string? SystemPrompt { get; set; }

    /// <summary>A file whose content is the system prompt; wins over <see cref="SystemPrompt"/>.</summary>
    public string? SystemPromptFile { get; set; }

    /// <summary>How long one LLM call may take before it fails as a (transient) timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>An endpoint alone counts (local servers need no key); a key alone means the OpenAI default endpoint.</summary>
    public bool IsConfigured => Endpoint is not null || !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The system prompt to use: the file's content, else the configured text, else a short default.</summary>
    public string LoadSystemPrompt()
    {
        if (!string.IsNullOrWhiteSpace(SystemPromptFile))
        {
            return File.ReadAllText(SystemPromptFile).Trim();
        }

        return string.IsNullOrWhiteSpace(SystemPrompt) ? DefaultSystemPrompt : SystemPrompt;
    }
}
