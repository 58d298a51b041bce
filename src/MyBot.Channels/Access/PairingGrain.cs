using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using MyBot.Channels.Hosting;

namespace MyBot.Channels.Access;

/// <summary>Pairing codes and approved users of the deployment in one activation: every change is made by this one writer.</summary>
internal sealed partial class PairingGrain(
    [PersistentState("pairing")] IPersistentState<PairingState> state,
    TimeProvider timeProvider,
    ILogger<PairingGrain> logger) : Grain, IPairingGrain
{
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int CodeLength = 8;

    public Task<bool> IsApprovedAsync(string platform, string userId) =>
        Task.FromResult(state.State.Approved.Exists(a => a.Platform == platform && a.UserId == userId));

    public async Task<PairingRequest> GetOrCreateCodeAsync(string platform, string userId, string? displayName, TimeSpan lifetime)
    {
        var now = timeProvider.GetUtcNow();
        var changed = Prune(now);
        var request = state.State.Pending.Find(p => p.Platform == platform && p.UserId == userId);
        if (request is null)
        {
            request = new PairingRequest(NewCode(), platform, userId, displayName, now, now + lifetime);
            state.State.Pending.Add(request);
            changed = true;
        }

        if (changed)
        {
            await state.WriteOrDeactivateAsync(this);
        }

        Log.CodeIssued(logger, platform, userId);
        return request;
    }

    public async Task<ApprovedUser?> ApproveAsync(string code)
    {
        var now = timeProvider.GetUtcNow();
        var pruned = Prune(now);
        var normalized = code.Trim().ToUpperInvariant();
        var request = state.State.Pending.Find(p => p.Code == normalized);
        if (request is null)
        {
            if (pruned)
            {
                await state.WriteOrDeactivateAsync(this);
            }

            return null;
        }

        state.State.Pending.RemoveAll(p => p.Platform == request.Platform && p.UserId == request.UserId);
        var approved = new ApprovedUser(request.Platform, request.UserId, request.DisplayName, now);
        if (!state.State.Approved.Exists(a => a.Platform == request.Platform && a.UserId == request.UserId))
        {
            state.State.Approved.Add(approved);
        }

        await state.WriteOrDeactivateAsync(this);
        Log.Approved(logger, approved.Platform, approved.UserId);
        return approved;
    }

    public async Task<PairingRequest?> DenyAsync(string code)
    {
        var pruned = Prune(timeProvider.GetUtcNow());
        var normalized = code.Trim().ToUpperInvariant();
        var request = state.State.Pending.Find(p => p.Code == normalized);
        if (request is not null)
        {
            state.State.Pending.Remove(request);
        }

        if (request is not null || pruned)
        {
            await state.WriteOrDeactivateAsync(this);
        }

        if (request is not null)
        {
            Log.Denied(logger, request.Platform, request.UserId);
        }

        return request;
    }

    public async Task<bool> RemoveApprovedAsync(string platform, string userId)
    {
        if (state.State.Approved.RemoveAll(a => a.Platform == platform && a.UserId == userId) == 0)
        {
            return false;
        }

        await state.WriteOrDeactivateAsync(this);
        Log.Removed(logger, platform, userId);
        return true;
    }

    public Task<PairingList> ListAsync()
    {
        var now = timeProvider.GetUtcNow();
        return Task.FromResult(new PairingList([.. state.State.Pending.Where(p => p.ExpiresAt > now)], [.. state.State.Approved]));
    }

    private bool Prune(DateTimeOffset now) => state.State.Pending.RemoveAll(p => p.ExpiresAt <= now) > 0;

    private string NewCode()
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);
            if (!state.State.Pending.Exists(p => p.Code == code))
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

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Pairing denied for {Platform} user {UserId}")]
        public static partial void Denied(ILogger logger, string platform, string userId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Pairing access removed for {Platform} user {UserId}")]
        public static partial void Removed(ILogger logger, string platform, string userId);
    }
}
