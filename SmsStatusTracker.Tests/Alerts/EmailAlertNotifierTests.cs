using Microsoft.Extensions.Logging.Abstractions;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Alerts;
using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>The email notifier: one mail per recipient with the numbers and the absolute log link; one failing mailbox does not stop the rest.</summary>
public sealed class EmailAlertNotifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AlertNotification Fired(params string[] recipients)
    {
        var rule = AlertStoreContract.Rule("Errors <script>") with { Recipients = recipients };
        var occurrence = new AlertOccurrence
        {
            Id = Guid.NewGuid(),
            RuleId = rule.Id,
            RuleName = rule.Name,
            Kind = AlertRuleKind.ErrorCode,
            ErrorCode = 30007,
            FiredAt = Now,
            Fired = new AlertMeasurement(31, 12.5, 31, Now.AddMinutes(-15), Now),
        };
        var query = AlertLogQuery.For(occurrence);
        return new AlertNotification(rule, AlertChange.Fired, occurrence, Now, query, new MessageLogLinks(new BaseUrl()).For(query));
    }

    [Fact]
    public async Task EachRecipientGetsTheNumbersAndALinkToTheMatchingMessages()
    {
        var outbox = new RecordingMail("down@example.com");
        var notification = Fired("down@example.com", "ops@example.com", "oncall@example.com");

        await new EmailAlertNotifier(outbox, NullLogger<EmailAlertNotifier>.Instance).NotifyAsync(notification, Ct);

        Assert.Equal(["ops@example.com", "oncall@example.com"], outbox.Sent.Select(m => m.To));
        var mail = outbox.Sent[0];
        Assert.Equal("[SMS Status Tracker] Alert fired: Errors <script>", mail.Subject);
        Assert.Equal("https://tracker.example.com/messages?error=30007&since=2026-11-30T08:45:00Z&until=2026-11-30T09:00:00Z", notification.LogLink);
        Assert.Contains(notification.LogLink, mail.Text, StringComparison.Ordinal);
        Assert.Contains("31 (threshold 12.5, 31 messages", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Errors &lt;script&gt;", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.Html, StringComparison.Ordinal);
    }

    private sealed class BaseUrl : IPublicBaseUrl
    {
        public Uri Get() => new("https://tracker.example.com/");
    }

    private sealed class RecordingMail(string failsFor) : IMailSender
    {
        public List<OutgoingMail> Sent { get; } = [];

        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            if (mail.To == failsFor)
            {
                throw new IOException("mailbox unavailable");
            }

            Sent.Add(mail);
            return Task.CompletedTask;
        }
    }
}
