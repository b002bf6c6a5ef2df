namespace SmsStatusTracker.Core.Reconciliation;

/// <summary>The <c>Reconciliation</c> section: how unsettled messages are checked against Twilio's API.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    public bool Enabled { get; set; } = true;

    /// <summary>A message is looked up once it has not changed for this long (callbacks normally settle it first).</summary>
    public TimeSpan MinAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time between two passes over the unsettled messages.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many requests to Twilio's API per minute, spread evenly.</summary>
    public int MaxPerMinute { get; set; } = 60;

    /// <summary>
    /// After this long since sending, a message Twilio still reports as not final is marked unresolved
    /// (<c>ReconciliationGaveUpAt</c>) and no longer looked up.
    /// </summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A message whose send outcome is unknown and that Twilio still has no record of this long after sending
    /// was never created: it is marked failed.
    /// </summary>
    public TimeSpan AssumeNeverCreatedAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many unsettled messages one pass reads from the store.</summary>
    public int BatchSize { get; set; } = 500;
}
