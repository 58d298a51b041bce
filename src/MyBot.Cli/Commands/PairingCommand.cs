using System.CommandLine;
using System.Globalization;

namespace MyBot.Cli.Commands;

/// <summary><c>mybot pairing list</c>, <c>approve &lt;code&gt; [--identity owner]</c>, <c>deny &lt;code&gt;</c> and <c>remove &lt;platform:user&gt;</c>: who may talk to the agent on chat channels.</summary>
public static class PairingCommand
{
    public static Command Create()
    {
        var command = new Command("pairing", "Approve people who asked to talk to the agent (Telegram, Discord), or list pending codes.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateApprove());
        command.Subcommands.Add(CreateDeny());
        command.Subcommands.Add(CreateRemove());
        return command;
    }

    private static Command CreateList()
    {
        var server = new ServerOptions();
        var command = new Command("list", "Pending pairing codes and approved users.");
        server.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(parseResult);
            var overview = await client.ListPairingsAsync(cancellationToken);
            if (overview.Pending.Count == 0)
            {
                Console.WriteLine("No pending pairing codes.");
            }

            foreach (var pending in overview.Pending)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{pending.Code}  {pending.Platform}:{pending.UserId}  {pending.DisplayName ?? "-"}  expires {pending.ExpiresAt:yyyy-MM-dd HH:mm} UTC"));
            }

            foreach (var approved in overview.Approved)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"approved  {approved.Platform}:{approved.UserId}  {approved.DisplayName ?? "-"}  since {approved.ApprovedAt:yyyy-MM-dd HH:mm} UTC"));
            }
        }));
        return command;
    }

    private static Command CreateApprove()
    {
        var server = new ServerOptions();
        var code = new Argument<string>("code") { Description = "The code the user was given." };
        var identity = new Option<string?>("--identity") { Description = "Also make the account one of this configured identity's (MyBot:Identities), e.g. owner." };
        var command = new Command("approve", "Let the user behind a pairing code talk to the agent.");
        server.AddTo(command);
        command.Arguments.Add(code);
        command.Options.Add(identity);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(parseResult);
            var linkTo = parseResult.GetValue(identity);
            var approved = await client.ApprovePairingAsync(parseResult.GetValue(code)!, linkTo, cancellationToken);
            Console.WriteLine(linkTo is null
                ? $"Approved {approved.Platform}:{approved.UserId} ({approved.DisplayName ?? "no name"})."
                : $"Approved {approved.Platform}:{approved.UserId} ({approved.DisplayName ?? "no name"}) as an account of {linkTo}.");
        }));
        return command;
    }

    private static Command CreateDeny()
    {
        var server = new ServerOptions();
        var code = new Argument<string>("code") { Description = "The code the user was given." };
        var command = new Command("deny", "Drop a pairing code without letting its user in (they get a new code if they write again).");
        server.AddTo(command);
        command.Arguments.Add(code);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            using var client = server.CreateClient(parseResult);
            var denied = await client.DenyPairingAsync(parseResult.GetValue(code)!, cancellationToken);
            Console.WriteLine($"Denied {denied.Platform}:{denied.UserId} ({denied.DisplayName ?? "no name"}).");
        }));
        return command;
    }

    private static Command CreateRemove()
    {
        var server = new ServerOptions();
        var user = new Argument<string>("user") { Description = "platform:user, as 'mybot pairing list' shows it, e.g. telegram:42." };
        var command = new Command("remove", "Take a paired user's access away.");
        server.AddTo(command);
        command.Arguments.Add(user);
        command.SetAction(async (parseResult, cancellationToken) => await CommandRunner.RunAsync(async () =>
        {
            var value = parseResult.GetValue(user)!;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == value.Length - 1)
            {
                throw new CliException($"'{value}' is not platform:user, e.g. telegram:42 (see 'mybot pairing list').");
            }

            using var client = server.CreateClient(parseResult);
            await client.RemoveApprovedAsync(value[..colon], value[(colon + 1)..], cancellationToken);
            Console.WriteLine($"Removed {value}: they get a pairing code when they write again.");
        }));
        return command;
    }
}
