using MyBot.Server.Hosting;

return await MyBotServer.RunAsync(args);

/// <summary>The entry point; public so tests and the benchmark can reference the assembly.</summary>
public partial class Program;
