using System.Net.Http.Json;
using MyBot.Api.Contracts.Channels;
using MyBot.Server.Tests.EndToEnd;
using MyBot.TestKit;
using MyBot.TestKit.Telegram;

namespace MyBot.Server.Tests.Admin;

[Collection(InProcessServerCollection.Name)]
public sealed class ChannelAdminEndpointsTests
{
    [Fact]
    public async Task Unconfigured_channels_are_off_with_the_setting_to_provide_and_the_http_channel_counts_its_traffic()
    {
        await using var host = await AdminApiHost.StartAsync();

        await MessagesApi.PostAsync(host.Admin, "carla", "hello", "c1");
        await MessagesApi.WaitForRepliesAsync(host.Admin, "http:carla:carla", 1);
        var overview = await Eventually.WaitForAsync(
            async () => await host.Admin.GetFromJsonAsync<ChannelsOverview>("/api/admin/channels") is { } o && Channel(o, "http").MessagesOutLastHour >= 1 ? o : null,
            E2eEnvironment.Bound,
            "the reply to be counted");

        Assert.False(string.IsNullOrWhiteSpace(overview.Silo));
        var telegram = Channel(overview, "telegram");
        Assert.Equal("disabled", telegram.State);
        Assert.Contains("MyBot:Telegram:BotToken", telegram.Reason, StringComparison.Ordinal);
        Assert.Equal("polling", telegram.Mode);
        Assert.Null(telegram.Owner);
        var discord = Channel(overview, "discord");
        Assert.Equal("disabled", discord.State);
        Assert.Contains("MyBot:Discord:BotToken", discord.Reason, StringComparison.Ordinal);
        var http = Channel(overview, "http");
        Assert.Equal(("running", "http", 1L, 1L), (http.State, http.Mode, http.MessagesInLastHour, http.MessagesOutLastHour));
        Assert.Equal((0L, 0L), (telegram.MessagesInLastHour, telegram.MessagesOutLastHour));
    }

    [Fact]
    public async Task A_polling_telegram_channel_shows_its_owner_silo_and_its_messages()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var host = await AdminApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["MyBot:Telegram:BotToken"] = telegram.Token,
            ["MyBot:Telegram:ApiBaseUrl"] = telegram.Url.ToString(),
            ["MyBot:Telegram:PollTimeout"] = "00:00:02",
            ["MyBot:Telegram:AccessPolicy"] = "Open",
        });

        telegram.AddTextMessage(510, 510, "hi from telegram");
        await Eventually.WaitUntilAsync(() => telegram.SentTo(510).Count == 1, E2eEnvironment.Bound, "the telegram reply");
        var report = await Eventually.WaitForAsync(
            async () => await host.Admin.GetFromJsonAsync<ChannelsOverview>("/api/admin/channels") is { } o
                && Channel(o, "telegram") is { Owner: not null, MessagesOutLastHour: >= 1 } t ? t : null,
            E2eEnvironment.Bound,
            "the telegram channel to show its owner and reply");

        Assert.Equal(("running", "polling", true), (report.State, report.Mode, report.OwnedHere));
        Assert.Equal(1, report.MessagesInLastHour);
        Assert.Null(report.Reason);
    }

    private static ChannelReport Channel(ChannelsOverview overview, string platform) => Assert.Single(overview.Channels, c => c.Platform == platform);
}
