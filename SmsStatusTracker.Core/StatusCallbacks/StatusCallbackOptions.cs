using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.StatusCallbacks;

/// <summary>The <c>StatusCallbacks</c> section: how much status history and how many parked callbacks are kept.</summary>
public sealed class StatusCallbackOptions
{
    public const string Section = "StatusCallbacks";

    /// <summary>
    /// Most history entries kept per message; older ones are folded (counted, not kept), always keeping the
    /// first entry and the one that set the current status.
    /// </summary>
    public int HistoryLimit { get; set; } = StatusHistory.DefaultLimit;

    /// <summary>Callbacks parked for a SID no message carries are dropped once they are this old.</summary>
    public TimeSpan ParkedMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often expired parked callbacks are purged (and the parked count is refreshed for the metrics).</summary>
    public TimeSpan ParkedPurgeInterval { get; set; } = TimeSpan.FromMinutes(5);
}
