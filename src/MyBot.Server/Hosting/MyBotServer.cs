using MyBot.Channels.Access;
using MyBot.Channels.Http;
using MyBot.Channels.Telegram;
using MyBot.Orleans.FileStorage.Data;
using MyBot.Server.Admin;
using MyBot.Server.Health;
using MyBot.Server.Orleans;
using Orleans.Dashboard;

namespace MyBot.Server.Hosting;

/// <summary>Builds and runs the server: an Orleans silo and the HTTP host in one process; the localhost silo by default, a cluster member on Azure Storage.</summary>
public static class MyBotServer
{
    /// <summary>Exit code when the configuration does not allow starting (the log says which setting).</summary>
    public const int ConfigurationErrorExitCode = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (StartupFailure.Describe(exception) is { } line)
        {
            await Console.Error.WriteLineAsync($"MyBot cannot start: {line}");
            return ConfigurationErrorExitCode;
        }
    }

    /// <param name="configure">Lets the benchmark and tests adjust the builder before it is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // A start that fails is reported once, by RunAsync, as one line; the host would log it with its stack trace first.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (builder.Configuration["Logging:LogLevel:Orleans"] is null)
        {
            builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        }

        // Orleans' placement runs through a Polly pipeline that logs every call at Information.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        // MyBot lowers the reminder period on purpose (a cut turn resumes within seconds); the validator warns at every start.
        builder.Logging.AddFilter("Orleans.Hosting.ReminderOptionsValidator", LogLevel.Error);

        // The GenAI span's client logs every failed LLM call as a warning with its stack trace; the session logs the
        // same failure once, as one line (the span still records it).
        builder.Logging.AddFilter("Microsoft.Extensions.AI.OpenTelemetryChatClient", LogLevel.Error);

        if (!ListenAddresses.AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(ListenAddresses.DefaultUrl);
        }

        var exposed = ListenAddresses.NonLoopback(builder.Configuration);
        if (exposed.Count > 0 && string.IsNullOrWhiteSpace(builder.Configuration[$"{HttpApiOptions.SectionName}:Token"]))
        {
            throw new ServerConfigurationException(
                $"refusing to listen on {string.Join(", ", exposed)} without an API token. Set MyBot__Api__Token to a long random secret, " +
                $"or listen on loopback only (the default {ListenAddresses.DefaultUrl}).");
        }

        RenamedSettings.ThrowIfAnySet(builder.Configuration);
        PortsInUse.ThrowIfAnyTaken(builder.Configuration);
        builder.UseOrleans(silo => silo.UseMyBotSilo(builder.Configuration));
        builder.Services.AddMyBotServer(builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();

        // Taking the data directory's lock before the silo starts lets a second server stop before it has anything to shut down.
        app.Services.GetService<FileDataDirectory>();
        app.UseDashboardAccess();
        app.MapOrleansDashboard(routePrefix: DashboardAccess.Route);
        app.MapHealthEndpoints();
        app.MapHttpChannel();
        app.MapPairingAdminEndpoints().RequireApiToken();
        app.MapDeadLetterAdminEndpoints().RequireApiToken();
        app.MapGroup("/api/admin").RequireApiToken().MapCronAdminEndpoints();
        app.MapTelegramWebhook();
        return app;
    }
}
