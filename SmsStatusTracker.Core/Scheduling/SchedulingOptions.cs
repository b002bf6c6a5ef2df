namespace SmsStatusTracker.Core.Scheduling;

/// <summary>The <c>Scheduling</c> section: how messages sent at a chosen time are held and sent.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How often the replica holding the lease looks for app-held messages that are due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With a Messaging Service (<c>Twilio:MessagingServiceSid</c>), let Twilio hold messages due 15 minutes to 35 days
    /// ahead; off, the app holds every scheduled message itself.
    /// </summary>
    public bool UseTwilioScheduling { get; set; } = true;
}
