using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MyBot.TestKit.Llm;

/// <summary>
/// A real OpenAI-compatible server on 127.0.0.1 answering <c>POST /v1/chat/completions</c> with scripted replies
/// (echo by default), recording every request, able to hold replies and to count overlapping calls per key.
/// </summary>
public sealed class ScriptedLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly Lock _gate = new();
    private readonly List<RecordedLlmRequest> _requests = [];
    private ReplyHold? _hold;
    private int _completionNumber;

    private ScriptedLlmServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; }

    /// <summary>The value for <c>MyBot:Llm:Endpoint</c> (the root plus <c>/v1</c>).</summary>
    public Uri Endpoint => new(Url, "/v1");

    /// <summary>Answers requests once the scripted queue is empty; defaults to <see cref="ScriptedReply.Echo"/>.</summary>
    public Func<RecordedLlmRequest, ScriptedReply> Responder { get; set; } = ScriptedReply.Echo;

    /// <summary>Chooses the key of <see cref="Concurrency"/>; defaults to the first word of the last user message.</summary>
    public Func<RecordedLlmRequest, string> ConcurrencyKey { get; set; } =
        request => request.LastUserText.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;

    public ConcurrencyRecorder Concurrency { get; } = new();

    /// <summary>
    /// Whether <see cref="Requests"/> keeps what arrives (the default). A benchmark in the same process turns it off:
    /// ten thousand kept requests, about 15 KiB each with the agent's prompt and tools, are garbage the bot's process
    /// would carry and collect, counted against the bot.
    /// </summary>
    public bool KeepRequests { get; set; } = true;

    public IReadOnlyList<RecordedLlmRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int RequestCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    public static async Task<ScriptedLlmServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ScriptedLlmServer? server = null;
        RequestDelegate handler = context => server!.HandleAsync(context);
        app.MapPost("/v1/chat/completions", handler);
        app.MapPost("/chat/completions", handler);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new ScriptedLlmServer(app, new Uri(address));
        return server;
    }

    /// <summary>Queues replies answered in order before <see cref="Responder"/> takes over.</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Holds every reply (arrived or arriving) until the returned hold is released or disposed.</summary>
    public ReplyHold HoldReplies()
    {
        ReplyHold? hold = null;
        hold = new ReplyHold(() => Interlocked.CompareExchange(ref _hold, null, hold));
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Read(ref _hold)?.Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException exception)
        {
            await WriteAsync(context, 400, ErrorJson($"Malformed JSON: {exception.Message}"));
            return;
        }

        if (body is not JsonObject)
        {
            await WriteAsync(context, 400, ErrorJson("The body must be a JSON object."));
            return;
        }

        var request = RecordedLlmRequest.Parse(body, context.Request.Headers.Authorization.ToString(), context.Request.Headers["traceparent"].ToString());
        if (KeepRequests)
        {
            lock (_gate)
            {
                _requests.Add(request);
            }
        }

        using var inFlight = Concurrency.Enter(ConcurrencyKey(request));
        try
        {
            if (Volatile.Read(ref _hold) is { } hold)
            {
                await hold.WaitAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var reply = _script.TryDequeue(out var scripted) ? scripted : Responder(request);
        if (reply.Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Latency, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.MalformedBody is { } malformed)
        {
            await WriteAsync(context, 200, malformed);
            return;
        }

        if (reply.ErrorStatus != 0)
        {
            if (reply.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, reply.ErrorStatus, reply.ErrorBody ?? string.Empty);
            return;
        }

        var completion = CompletionJson(request, reply, Interlocked.Increment(ref _completionNumber));
        if (body["stream"]?.GetValueKind() == JsonValueKind.True)
        {
            await WriteEventStreamAsync(context, completion);
            return;
        }

        await WriteAsync(context, 200, completion.ToJsonString());
    }

    // As OpenAI streams: chunks whose choices carry a delta instead of a message, then "[DONE]".
    private static async Task WriteEventStreamAsync(HttpContext context, JsonObject completion)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        var choice = completion["choices"]![0]!.AsObject();
        var delta = choice["message"]!.DeepClone().AsObject();
        if (delta["tool_calls"] is JsonArray calls)
        {
            for (var index = 0; index < calls.Count; index++)
            {
                calls[index]!["index"] = index;
            }
        }

        var chunk = completion.DeepClone().AsObject();
        chunk["object"] = "chat.completion.chunk";
        chunk["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = choice["finish_reason"]!.DeepClone(),
        });
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\ndata: [DONE]\n\n", context.RequestAborted);
    }

    private static JsonObject CompletionJson(RecordedLlmRequest request, ScriptedReply reply, int number)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(call => (JsonNode)new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson },
            })]);
        }

        var completion = new JsonObject
        {
            ["id"] = $"chatcmpl-{number.ToString(CultureInfo.InvariantCulture)}",
            ["object"] = "chat.completion",
            ["created"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
            ["model"] = string.IsNullOrEmpty(request.Model) ? "scripted" : request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = reply.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = reply.PromptTokens,
                ["completion_tokens"] = reply.CompletionTokens,
                ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
            },
        };
        return completion;
    }

    private static string ErrorJson(string message) =>
        JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error" } });

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }
}
