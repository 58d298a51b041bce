using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Channels.Telegram.Api;
using Telegram.Bot.Types;

namespace MyBot.Channels.Telegram;

/// <summary>
/// <c>POST /api/telegram/webhook</c>: Telegram's calls in Webhook mode. The secret header is compared in constant time
/// (401 otherwise); 200 only once the update is durable, so Telegram resends it after a crash; an update that cannot be
/// parsed is logged, kept in the dead letters for the owner, and answered 200 so Telegram does not resend it forever.
/// </summary>
public static partial class TelegramWebhookEndpoint
{
    public const string Route = "/api/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    public const string DeadLetterOrigin = "telegram-webhook";

    public static IEndpointConventionBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptions<TelegramOptions> options,
        TelegramUpdateHandler handler,
        IInboundPublisher publisher,
        IDeadLetterStore deadLetters,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var logger = loggerFactory.CreateLogger(typeof(TelegramWebhookEndpoint).FullName!);
        if (!settings.IsEnabled || settings.Mode != TelegramMode.Webhook || string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return Results.NotFound();
        }

        if (!Secrets.Match(context.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret))
        {
            Log.WrongSecret(logger);
            return Results.Unauthorized();
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            await handler.HandleAsync(Read(body), publisher, cancellationToken);
        }
        catch (UnreadableTelegramUpdateException exception)
        {
            Log.Unparseable(logger, exception.Message);
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
            await deadLetters.AddAsync(
                new DeadLetter($"{DeadLetterOrigin}-{id}", DeadLetterOrigin, TelegramUpdateHandler.Platform, body, $"The webhook body is not a Telegram update this bot can read: {exception.Message}", 1, timeProvider.GetUtcNow()),
                cancellationToken);
            Log.KeptAsDeadLetter(logger, id);
        }

        return Results.Ok();
    }

    private static Update Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return TelegramUpdateReader.Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw new UnreadableTelegramUpdateException($"The body is not JSON: {exception.Message}", exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Telegram webhook call with a missing or wrong secret header; refused")]
        public static partial void WrongSecret(ILogger logger);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Telegram webhook body could not be parsed: {Error}")]
        public static partial void Unparseable(ILogger logger, string error);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Telegram webhook body kept as dead letter {Id} and acknowledged")]
        public static partial void KeptAsDeadLetter(ILogger logger, string id);
    }
}
