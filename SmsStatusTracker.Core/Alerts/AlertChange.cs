namespace SmsStatusTracker.Core.Alerts;

/// <summary>What happened to an alert: it fired, or it resolved.</summary>
public enum AlertChange
{
    Fired,
    Resolved,
}
