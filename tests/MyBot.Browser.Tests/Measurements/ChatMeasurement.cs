using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using MyBot.Browser.Tests.Support;
using MyBot.TestKit.Measurements;
using Xunit.Abstractions;

namespace MyBot.Browser.Tests.Measurements;

/// <summary>
/// The chat's speed as a person sees it, and what open pages cost the server; numbers for <c>docs/performance.md</c>
/// (<c>MYBOT_MEASURE=1</c>; the command is there).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatMeasurement(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>
    /// Sends messages one after another from the page (the LLM answers at once) and times, in the page, from the send to
    /// the frame after the one that first showed the reply: that frame's start means the reply's pixels were presented.
    /// </summary>
    [MeasurementTheory]
    [InlineData(100)]
    public async Task Send_to_first_pixel_of_the_reply(int messages)
    {
        await using var server = await ChatServer.StartAsync();
        var chat = new ChatPage(await browser.OpenAsync(server.Url));
        await chat.WaitUntilOnlineAsync();
        await chat.SendAsync("warm-up");
        await chat.WaitForRepliesAsync(1);

        var times = await chat.Page.EvaluateAsync<double[]>(
            """
            async (count) => {
              const input = document.getElementById("input");
              const composer = document.getElementById("composer");
              const messages = document.getElementById("messages");
              const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
              const times = [];
              for (let i = 0; i < count; i++) {
                const expected = "echo: measured-" + i;
                const shown = new Promise((resolve) => {
                  const observer = new MutationObserver(() => {
                    for (const body of messages.querySelectorAll(".message.agent .body")) {
                      if (body.textContent === expected) {
                        observer.disconnect();
                        resolve();
                        return;
                      }
                    }
                  });
                  observer.observe(messages, { childList: true, subtree: true });
                });
                const started = performance.now();
                input.value = "measured-" + i;
                composer.requestSubmit();
                await shown;
                await frame();
                await frame();
                times.push(performance.now() - started);
              }
              return times;
            }
            """,
            messages);

        var sorted = times.Order().ToList();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"send → first pixel of the reply over {messages} messages: p50 {Percentile(sorted, 0.50):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms"));
        Assert.Equal(messages, times.Length);
    }

    /// <summary>The server's resident memory before and with <paramref name="sockets"/> open chat sockets, each watching its own conversation.</summary>
    [MeasurementTheory]
    [InlineData(100)]
    public async Task Memory_with_open_sockets(int sockets)
    {
        await using var server = await ChatServer.StartAsync();
        var origin = server.Url.GetLeftPart(UriPartial.Authority);
        using (var warmUp = await server.ConnectSocketAsync(origin))
        {
            await OpenAsync(warmUp, "warm-up");
            await warmUp.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        var before = ResidentKiB(server.Process.ProcessId);
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < sockets; i++)
            {
                var socket = await server.ConnectSocketAsync(origin);
                open.Add(socket);
                await OpenAsync(socket, $"load-{i}");
            }

            var with = ResidentKiB(server.Process.ProcessId);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"server RSS: {before / 1024.0:F1} MiB before, {with / 1024.0:F1} MiB with {sockets} open sockets ({(with - before) / (double)sockets:F1} KiB per socket)"));
            Assert.All(open, socket => Assert.Equal(WebSocketState.Open, socket.State));
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Opens a conversation and waits for the server's answer (its history, empty): the subscription is in place.</summary>
    private static async Task OpenAsync(ClientWebSocket socket, string conversation)
    {
        var frame = Encoding.UTF8.GetBytes($$"""{"type":"open","conversation":"{{conversation}}","after":0}""");
        await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(ChatServer.Bound);
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("\"entries\"", Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
    }

    private static long ResidentKiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
