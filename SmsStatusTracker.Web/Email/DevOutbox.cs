namespace SmsStatusTracker.Web.Email;

/// <summary>
/// Development only, when no SMTP host is configured: mail is kept in memory (newest first, the last 50) and
/// shown at /dev/mailbox, so a newcomer can sign in without a mail server.
/// </summary>
public sealed class DevOutbox(TimeProvider time, ILogger<DevOutbox> logger) : IMailSender
{
    public const int Capacity = 50;

    private readonly Lock gate = new();
    private readonly LinkedList<DevMail> mails = new();

    public IReadOnlyList<DevMail> Mails
    {
        get
        {
            lock (gate)
            {
                return [.. mails];
            }
        }
    }

    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            mails.AddFirst(new DevMail(mail, time.GetUtcNow()));
            while (mails.Count > Capacity)
            {
                mails.RemoveLast();
            }
        }

        logger.LogInformation("Kept a mail to {To} in the dev mailbox: open /dev/mailbox", mail.To);
        return Task.CompletedTask;
    }
}

public sealed record DevMail(OutgoingMail Mail, DateTimeOffset At);
