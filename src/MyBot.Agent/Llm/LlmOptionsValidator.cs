using Microsoft.Extensions.Options;

namespace MyBot.Agent.Llm;

internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add("MyBot:Llm:Endpoint must be an absolute http(s) URL such as http://127.0.0.1:11434/v1.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("MyBot:Llm:Model must not be empty.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("MyBot:Llm:Timeout must be positive, e.g. 00:02:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.SystemPromptFile) && !File.Exists(options.SystemPromptFile))
        {
            failures.Add($"MyBot:Llm:SystemPromptFile '{options.SystemPromptFile}' does not exist.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
