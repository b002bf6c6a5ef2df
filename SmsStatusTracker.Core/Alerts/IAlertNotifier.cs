namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// Told of every alert that fires or resolves, after the change is stored (the live banner, email, outbound webhooks).
/// Every registered notifier is called; one that throws is logged and does not stop the others. Called once per change
/// by the replica holding the alerts lease: a crash between storing and notifying loses that notification (the banner
/// still shows what is open, as it reads the store).
/// </summary>
public interface IAlertNotifier
{
    Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken);
}
