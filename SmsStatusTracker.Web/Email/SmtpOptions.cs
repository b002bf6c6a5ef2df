namespace SmsStatusTracker.Web.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The mail server sign-in links go through, from the <c>Smtp</c> section.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>Required outside Development; in Development an empty host keeps mail in the /dev/mailbox outbox.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? User { get; set; }

    /// <summary>Secret: user-secrets or <c>Smtp__Password</c>.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = "SMS Status Tracker <no-reply@localhost>";

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool HasHost => !string.IsNullOrWhiteSpace(Host);
}
