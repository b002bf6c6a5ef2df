namespace SmsStatusTracker.Core.Scheduling;

/// <summary>
/// The <c>Sms:QuietHours</c> section: local times (in the recipient's time zone) when no SMS should arrive. Off by
/// default. A window may cross midnight (21:00 to 08:00).
/// </summary>
public sealed class QuietHoursOptions
{
    public const string Section = "Sms:QuietHours";

    public bool Enabled { get; set; }

    public TimeOnly Start { get; set; } = new(21, 0);

    public TimeOnly End { get; set; } = new(8, 0);
}
