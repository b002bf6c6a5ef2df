namespace SmsStatusTracker.Core.Sending;

/// <summary>The <c>Sms</c> configuration section.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>ISO 3166 region assumed for numbers typed without a country code (e.g. "US", "GB").</summary>
    public string DefaultRegion { get; set; } = "US";
}
