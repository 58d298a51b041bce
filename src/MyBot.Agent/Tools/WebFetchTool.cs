using System.ComponentModel;
using Microsoft.Extensions.AI;
using MyBot.Agent.Tools.Web;

namespace MyBot.Agent.Tools;

/// <summary><c>web_fetch</c>: a web page as readable text, within size and time limits, public addresses only by default.</summary>
public sealed class WebFetchTool : IAgentTool
{
    public const string Name = "web_fetch";

    public WebFetchTool(WebFetcher fetcher) =>
        Function = AIFunctionFactory.Create(
            async ([Description("The http or https URL to fetch.")] string url, CancellationToken cancellationToken) =>
            {
                try
                {
                    return await fetcher.FetchAsync(url, cancellationToken);
                }
                catch (WebFetchRefusedException e)
                {
                    return e.Message;
                }
            },
            Name,
            "Fetches a web page and returns its readable text (title and visible text). Large pages are cut.");

    public AIFunction Function { get; }
}
