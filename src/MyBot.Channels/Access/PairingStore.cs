using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyBot.Runtime;
using MyBot.Runtime.Storage;

namespace MyBot.Channels.Access;

/// <summary>
/// Pairing codes and approved users in one grain-storage record. Every change is read-modify-write with the record's
/// ETag and retried on a conflict, so replicas handing out and approving codes at the same time lose nothing.
/// </summary>
public sealed partial class PairingStore(IGrainStorage storage, TimeProvider timeProvider, IOptions<PairingOptions> options, ILogger<PairingStore> logger)
{
    private const int MaxAttempts = 16;
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 8;
    private static readonly GrainId RecordId = new("pairing", "all");

    public async Task<bool> IsApprovedAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        var (state, _) = await ReadAsync(cancellationToken);
        return state.Approved.Exists(a => a.Platform == platform && a.UserId == userId);
    }

    /// <summary>The user's pending code if one is still valid (so repeated messages show the same code), else a new one.</summary>
    public async Task<PairingRequest> GetOrCreateCodeAsync(string platform, string userId, string? displayName, CancellationToken cancellationToken)
    {
        PairingRequest? result = null;
        await UpdateAsync(
            state =>
            {
                var now = timeProvider.GetUtcNow();
                result = state.Pending.Find(p => p.Platform == platform && p.UserId == userId && p.ExpiresAt > now);
                if (result is not null)
                {
                    return false;
                }

                result = new PairingRequest(NewCode(state), platform, userId, displayName, now, now + options.Value.CodeLifetime);
                state.Pending.Add(result);
                return true;
            },
            cancellationToken);
        Log.CodeIssued(logger, platform, userId);
        return result!;
    }

    /// <summary>Approves the user behind a valid code; null when the code is unknown or expired.</summary>
    public async Task<ApprovedUser?> ApproveAsync(string code, CancellationToken cancellationToken)
    {
        var normalized = code.Trim().ToUpperInvariant();
        ApprovedUser? approved = null;
        await UpdateAsync(
            state =>
            {
                var now = timeProvider.GetUtcNow();
                approved = null;
                var request = state.Pending.Find(p => p.Code == normalized && p.ExpiresAt > now);
                if (request is null)
                {
                    return false;
                }

                state.Pending.RemoveAll(p => p.Platform == request.Platform && p.UserId == request.UserId);
                approved = new ApprovedUser(request.Platform, request.UserId, request.DisplayName, now);
                if (!state.Approved.Exists(a => a.Platform == request.Platform && a.UserId == request.UserId))
                {
                    state.Approved.Add(approved);
                }

                return true;
            },
            cancellationToken);
        if (approved is not null)
        {
            Log.Approved(logger, approved.Platform, approved.UserId);
        }

        return approved;
    }

    public async Task<PairingList> ListAsync(CancellationToken cancellationToken)
    {
        var (state, _) = await ReadAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        return new PairingList([.. state.Pending.Where(p => p.ExpiresAt > now)], [.. state.Approved]);
    }

    private async Task UpdateAsync(Func<PairingState, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, etag) = await ReadAsync(cancellationToken);
            var now = timeProvider.GetUtcNow();
            var pruned = state.Pending.RemoveAll(p => p.ExpiresAt <= now) > 0;
            if (!change(state) && !pruned)
            {
                return;
            }

            try
            {
                await storage.WriteAsync(RecordId, JsonSerializer.SerializeToUtf8Bytes(state, ChannelJson.Options), etag, cancellationToken);
                return;
            }
            catch (InconsistentStateException) when (attempt < MaxAttempts)
            {
                Log.Conflict(logger, attempt);
            }
        }
    }

    private async Task<(PairingState State, string? ETag)> ReadAsync(CancellationToken cancellationToken)
    {
        var record = await storage.ReadAsync(RecordId, cancellationToken);
        if (record is null)
        {
            return (PairingState.Empty, null);
        }

        var state = JsonSerializer.Deserialize<PairingState>(record.Data.Span, ChannelJson.Options) ?? PairingState.Empty;
        return (state, record.ETag);
    }

    private static string NewCode(PairingState state)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
            if (!state.Pending.Exists(p => p.Code == code))
            {
                return code;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Pairing code issued to {Platform} user {UserId}; approve it with 'mybot pairing approve <code>'")]
        public static partial void CodeIssued(ILogger logger, string platform, string userId);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Pairing approved for {Platform} user {UserId}")]
        public static partial void Approved(ILogger logger, string platform, string userId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Pairing record changed concurrently (attempt {Attempt}); retrying")]
        public static partial void Conflict(ILogger logger, int attempt);
    }
}
