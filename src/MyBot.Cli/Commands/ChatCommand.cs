using System.CommandLine;
using MyBot.Cli.Terminal;

namespace MyBot.Cli.Commands;

/// <summary><c>mybot chat</c>: a conversation with the agent over the server's HTTP channel.</summary>
public static class ChatCommand
{
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(25);

    public static Command Create()
    {
        var server = new ServerOptions();
        var user = new Option<string>("--user")
        {
            Description = "Who you are to the agent; with --chat it names the conversation (source http:<user>:<chat>).",
            DefaultValueFactory = _ => DefaultUser(),
        };
        var chat = new Option<string?>("--chat") { Description = "The conversation id; defaults to the user." };
        var message = new Option<string?>("--message", "-m") { Description = "Send this one message, print the reply and exit." };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for a reply before giving the prompt back.",
            DefaultValueFactory = _ => 300,
        };

        var command = new Command("chat", "Chat with the agent: type a message, see the reply. Ctrl+D or /exit ends.");
        server.AddTo(command);
        command.Options.Add(user);
        command.Options.Add(chat);
        command.Options.Add(message);
        command.Options.Add(timeout);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                using var client = server.CreateClient(parseResult);
                var session = new ChatSession(
                    client,
                    parseResult.GetValue(user)!,
                    parseResult.GetValue(chat),
                    TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(timeout))));
                await session.StartAsync(cancellationToken);
                if (parseResult.GetValue(message) is { } single)
                {
                    return await session.SendAndWaitAsync(single, cancellationToken) ? 0 : 2;
                }

                await session.RunInteractiveAsync(cancellationToken);
                return 0;
            }
            catch (CliException exception)
            {
                await Console.Error.WriteLineAsync($"error: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static string DefaultUser()
    {
        var name = new string(Environment.UserName.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        return name.Length > 0 ? name : "me";
    }

    private sealed class ChatSession(MyBotApiClient client, string user, string? chat, TimeSpan timeout)
    {
        private const string HelpHint = "Type /help for the commands, /exit or Ctrl+D to end.";

        private const string ExitHelp = "- /exit: end this chat (Ctrl+D too)";

        private readonly string _source = $"http:{user}:{chat ?? user}";
        private long _after;

        /// <summary>Skips replies from earlier sessions so only new ones are printed.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var earlier = await client.GetRepliesAsync(_source, 0, TimeSpan.Zero, cancellationToken);
            _after = earlier.Count == 0 ? 0 : earlier.Max(r => r.Seq);
        }

        public async Task RunInteractiveAsync(CancellationToken cancellationToken)
        {
            await Console.Error.WriteLineAsync($"Chatting as {_source}. {HelpHint}");
            while (!cancellationToken.IsCancellationRequested)
            {
                await Console.Out.WriteAsync("you> ");
                var line = await Console.In.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "/exit" or "/quit")
                {
                    return;
                }

                if (!string.IsNullOrWhiteSpace(line))
                {
                    await SendAndWaitAsync(line, cancellationToken);
                }

                // The agent's /help lists its own commands; ending the chat is the terminal's.
                if (line.Trim() is "/help")
                {
                    await Console.Out.WriteLineAsync(ExitHelp);
                }
            }
        }

        /// <summary>Returns false when no reply came within the timeout (it will show up in a later session).</summary>
        public async Task<bool> SendAndWaitAsync(string text, CancellationToken cancellationToken)
        {
            var accepted = await client.SendAsync(user, chat, text, Guid.NewGuid().ToString("N"), cancellationToken);
            var answeredPrefix = accepted.EventId + "#";
            var started = TimeProvider.System.GetTimestamp();
            await using var indicator = ThinkingIndicator.Start(Console.Error, animated: !Console.IsErrorRedirected, TimeProvider.System);
            while (TimeProvider.System.GetElapsedTime(started) < timeout)
            {
                var replies = await client.GetRepliesAsync(_source, _after, PollWait, cancellationToken);
                var answered = false;
                foreach (var reply in replies)
                {
                    _after = Math.Max(_after, reply.Seq);
                    indicator.Clear();
                    await Console.Out.WriteLineAsync(TerminalText.FromMarkdown(reply.Text));
                    answered |= reply.Id.StartsWith(answeredPrefix, StringComparison.Ordinal);
                }

                if (answered)
                {
                    return true;
                }
            }

            indicator.Clear();
            await Console.Error.WriteLineAsync($"No reply within {timeout.TotalSeconds:0} s; it will be shown the next time you chat as {_source}.");
            return false;
        }
    }
}
