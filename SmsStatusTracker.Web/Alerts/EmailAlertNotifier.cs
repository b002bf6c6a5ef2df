using System.Net;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Web.Alerts;

/// <summary>Emails the rule's recipients when it fires and when it resolves, through the app's mail sender (SMTP or the dev outbox).</summary>
public sealed class EmailAlertNotifier(IMailSender mail, ILogger<EmailAlertNotifier> logger) : IAlertNotifier
{
    public async Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var recipients = notification.Rule?.Recipients ?? [];
        if (recipients.Count == 0)
        {
            return;
        }

        var occurrence = notification.Occurrence;
        var verb = notification.Change == AlertChange.Fired ? "fired" : "resolved";
        var subject = $"[SMS Status Tracker] Alert {verb}: {occurrence.RuleName}";
        var numbers = notification.Measurement is { } measurement
            ? AlertText.Numbers(occurrence.Kind, measurement)
            : "its rule was disabled or deleted";
        var text = $"""
            Alert "{occurrence.RuleName}" {verb} at {notification.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.
            {AlertText.KindLabel(occurrence.Kind)}: {numbers}

            Matching messages: {notification.LogLink}
            """;
        var html = $"""
            <p>Alert <strong>{WebUtility.HtmlEncode(occurrence.RuleName)}</strong> {verb} at {notification.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.</p>
            <p>{WebUtility.HtmlEncode(AlertText.KindLabel(occurrence.Kind))}: {WebUtility.HtmlEncode(numbers)}</p>
            <p><a href="{WebUtility.HtmlEncode(notification.LogLink)}">Matching messages</a></p>
            """;
        foreach (var recipient in recipients)
        {
            try
            {
                await mail.SendAsync(new OutgoingMail(recipient, subject, text, html), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One unreachable mailbox must not keep the others from hearing of it.
                logger.LogWarning("Could not email alert {Rule} to {Recipient}: {Reason}", occurrence.RuleName, recipient, exception.Message);
            }
        }
    }
}
