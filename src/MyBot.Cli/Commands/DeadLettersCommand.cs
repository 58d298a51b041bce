using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace MyBot.Cli.Commands;

/// <summary><c>mybot deadletters list | show &lt;id&gt; | retry &lt;id&gt; | discard &lt;id&gt;</c>: the events the server gave up on.</summary>
public static class DeadLettersCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("deadletters", "Events the server gave up on (a message that kept failing, a reply the platform refused): list, show, retry or discard them.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateWithId("show", "One dead letter with its error and payload.", async (client, id, cancellationToken) =>
        {
            var letter = await client.GetDeadLetterAsync(id, cancellationToken);
            Console.WriteLine($"id:        {letter.Id}");
            Console.WriteLine($"origin:    {letter.Origin}");
            Console.WriteLine($"key:       {letter.Key}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"attempts:  {letter.Attempts}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failed at: {letter.FailedAt:yyyy-MM-dd HH:mm:ss} UTC"));
            Console.WriteLine($"error:     {letter.Error}");
            Console.WriteLine("payload:");
            Console.WriteLine(Pretty(letter.Payload));
        }));
        command.Subcommands.Add(CreateWithId("retry", "Put the event back where it came from, to be handled again from its first attempt; the letter is then removed.", async (client, id, cancellationToken) =>
        {
            var requeued = await client.RetryDeadLetterAsync(id, cancellationToken);
            Console.WriteLine($"Retrying {requeued.Id}: back in stream '{requeued.RequeuedTo}' for {requeued.Key}.");
        }));
        command.Subcommands.Add(CreateWithId("discard", "Delete the dead letter for good.", async (client, id, cancellationToken) =>
        {
            await client.DiscardDeadLetterAsync(id, cancellationToken);
            Console.WriteLine($"Discarded {id}.");
        }));
        return command;
    }

    private static Command CreateList()
    {
        var server = new ServerOptions();
        var command = new Command("list", "The dead letters, oldest first (payloads only by size; use 'show' for one).");
        server.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(parseResult);
            var letters = await client.ListDeadLettersAsync(cancellationToken);
            if (letters.Count == 0)
            {
                Console.WriteLine("No dead letters.");
            }

            foreach (var letter in letters)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{letter.Id}  {letter.Origin}  {letter.Key}  {letter.Attempts} attempt(s)  failed {letter.FailedAt:yyyy-MM-dd HH:mm} UTC  {letter.PayloadLength} chars"));
                Console.WriteLine($"    {FirstLine(letter.Error)}");
            }
        }));
        return command;
    }

    private static Command CreateWithId(string name, string description, Func<MyBotApiClient, string, CancellationToken, Task> action)
    {
        var server = new ServerOptions();
        var id = new Argument<string>("id") { Description = "The dead letter's id, as 'mybot deadletters list' shows it." };
        var command = new Command(name, description);
        server.AddTo(command);
        command.Arguments.Add(id);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(parseResult);
            await action(client, parseResult.GetValue(id)!, cancellationToken);
        }));
        return command;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end] + " ...";
    }

    private static string Pretty(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return payload;
        }
    }
}
