namespace SmsStatusTracker.Web.Email;

/// <summary>
/// Development only, when no SMTP host is configured: mail is kept in memory (newest first, the last 50) and
/// shown at /dev/mailbox, so a newcomer can sign in without a mail server.
/// </summary>
public sealed class DevOutbox(TimeProvider time, ILogger<DevOutbox> logger) : IMailSender
{
    public const int Capacity = 50;

    /// <summary>
    /// The mailbox holds working sign-in links, so it answers only a browser on this machine: a loopback remote
    /// address (after trusted forwarded headers, so a local proxy passing on an outside client does not count).
    /// </summary>
    public static bool IsLocalClient(HttpContext? context)
    {
        var remote = context?.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        return System.Net.IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

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
