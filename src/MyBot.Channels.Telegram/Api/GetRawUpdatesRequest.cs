using System.Text.Json;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace MyBot.Channels.Telegram.Api;

/// <summary>
/// getUpdates answered as raw JSON, one element per update: the library's own request reads the whole batch into
/// <c>Update</c>s at once, so one update it cannot read (an unknown reaction or origin type, a changed field) would
/// fail the batch and block every update after it.
/// </summary>
internal sealed class GetRawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    public long? Offset { get; init; }

    /// <summary>Long-poll timeout in seconds.</summary>
    public int Timeout { get; init; }

    public IReadOnlyList<UpdateType> AllowedUpdates { get; init; } = [];
}
