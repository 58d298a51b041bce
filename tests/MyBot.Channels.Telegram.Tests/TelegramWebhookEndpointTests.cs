using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyBot.TestKit;
using MyBot.TestKit.Telegram;

namespace MyBot.Channels.Telegram.Tests;

public sealed class TelegramWebhookEndpointTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret_123";
    private TelegramTestStores _stores = null!;
    private readonly RecordingPublisher _publisher = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeTelegramServer _telegram = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Task _channel = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _stores = await TelegramTestStores.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["MyBot:Telegram:BotToken"] = _telegram.Token;
        builder.Configuration["MyBot:Telegram:ApiBaseUrl"] = _telegram.Url.ToString();
        builder.Configuration["MyBot:Telegram:Mode"] = "Webhook";
        builder.Configuration["MyBot:Telegram:WebhookSecret"] = Secret;
        builder.Configuration["MyBot:Telegram:WebhookUrl"] = "http://127.0.0.1:1/";
        builder.Configuration["MyBot:Telegram:AccessPolicy"] = "Open";
        builder.Services.AddSingleton(_stores.Cluster.Grains);
        builder.Services.AddSingleton<IDeadLetterStore>(_stores.DeadLetters);
        builder.Services.AddSingleton<IInboundPublisher>(_publisher);
        builder.Services.AddTelegramChannel(builder.Configuration);
        builder.Services.AddRouting();
        _app = builder.Build();
        _app.MapTelegramWebhook();
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        _http = new HttpClient { BaseAddress = address };
        var channel = _app.Services.GetRequiredService<TelegramChannel>();
        _channel = Task.Run(() => channel.RunAsync(_publisher, _stop.Token));
        await Eventually.WaitUntilAsync(() => _telegram.WebhookUrl is not null, TimeSpan.FromSeconds(30), "the webhook to be registered");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _channel);
        _http.Dispose();
        await _app.DisposeAsync();
        await _telegram.DisposeAsync();
        await _stores.DisposeAsync();
    }

    [Fact]
    public void The_webhook_is_registered_with_its_secret()
    {
        Assert.Equal("http://127.0.0.1:1/api/telegram/webhook", _telegram.WebhookUrl);
        Assert.Equal(Secret, _telegram.WebhookSecret);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("webhook-secret_12")]
    public async Task A_missing_or_wrong_secret_is_refused_and_nothing_is_published(string? secret)
    {
        var response = await PostAsync(_telegram.TextUpdate(1, 1, "hi").ToJsonString(), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_publisher.Events);
    }

    [Fact]
    public async Task An_update_is_acknowledged_once_published()
    {
        var response = await PostAsync(_telegram.TextUpdate(1, 1, "via webhook").ToJsonString(), Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("via webhook", Assert.Single(_publisher.Events).Text);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"message\":{\"text\":\"no update id\"}}")]
    public async Task A_malformed_body_is_kept_as_a_dead_letter_and_acknowledged(string body)
    {
        var response = await PostAsync(body, Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_publisher.Events);
        var letter = Assert.Single(await _stores.DeadLetters.ListAsync(default));
        Assert.Equal(body, letter.Payload);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return await _http.SendAsync(request);
    }
}
