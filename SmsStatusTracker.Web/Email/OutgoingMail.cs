namespace SmsStatusTracker.Web.Email;

/// <summary>One outgoing email: plain text plus an HTML alternative.</summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string Html);

/// <summary>Sends mail: through SMTP (<see cref="SmtpMailSender"/>) or into the dev outbox (<see cref="DevOutbox"/>).</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}
