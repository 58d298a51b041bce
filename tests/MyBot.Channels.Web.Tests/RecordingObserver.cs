using System.Collections.Concurrent;

namespace MyBot.Channels.Web.Tests;

/// <summary>A socket's stand-in: records what a conversation grain pushes to it.</summary>
internal sealed class RecordingObserver : IWebChatObserver
{
    public ConcurrentQueue<(string Source, WebChatEntry Entry)> Entries { get; } = new();

    public ConcurrentQueue<string> Typing { get; } = new();

    public Task OnEntryAsync(string source, WebChatEntry entry)
    {
        Entries.Enqueue((source, entry));
        return Task.CompletedTask;
    }

    public Task OnTypingAsync(string source)
    {
        Typing.Enqueue(source);
        return Task.CompletedTask;
    }
}
