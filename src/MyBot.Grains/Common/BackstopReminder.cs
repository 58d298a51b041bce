using Orleans.Hosting;

namespace MyBot.Grains.Common;

/// <summary>The period of the reminders that wake a grain with pending work after a crash: as short as the silo allows.</summary>
public static class BackstopReminder
{
    private static readonly TimeSpan Floor = TimeSpan.FromSeconds(1);

    public static TimeSpan Period(ReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MinimumReminderPeriod > Floor ? options.MinimumReminderPeriod : Floor;
    }
}
