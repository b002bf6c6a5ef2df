namespace SmsStatusTracker.Core.Coordination;

/// <summary>The leases the app's background jobs hold; one name per job.</summary>
public static class LeaseNames
{
    public const string Reconciliation = "reconciliation";

    public const string Retention = "retention";

    public const string Alerts = "alerts";
    public const string OutboundWebhooks = "outbound-webhooks";
    public const string ScheduledSends = "scheduled-sends";
    public const string BulkJobs = "bulk-jobs";
}
