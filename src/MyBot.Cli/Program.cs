using System.CommandLine;
using MyBot.Cli.Commands;

var root = new RootCommand("MyBot: talk to your agent and manage it from a terminal.");
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(PairingCommand.Create());
root.Subcommands.Add(DeadLettersCommand.Create());
root.Subcommands.Add(TraceCommand.Create());
return await root.Parse(args).InvokeAsync();
