using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>The <c>Bulk</c> section: how fast jobs send and how large an upload may be.</summary>
public sealed class BulkOptions
{
    public const string Section = "Bulk";

    /// <summary>Messages per second per sender (the configured From number or Messaging Service), all jobs together.
    /// Twilio queues what a sender cannot pass on at once; 1/s is a long code's pace in the US.</summary>
    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>How many rows may wait for Twilio's answer at once (the pace still holds).</summary>
    public int MaxConcurrentSends { get; set; } = 4;

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most rows one job may have.</summary>
    public int MaxRows { get; set; } = 50_000;

    /// <summary>How often the runner looks for jobs to work on when none is running.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks the <c>Bulk</c> section at startup; every message names the key to set.</summary>
public sealed class BulkOptionsValidator : IValidateOptions<BulkOptions>
{
    public ValidateOptionsResult Validate(string? name, BulkOptions options)
    {
        var errors = new List<string>();
        if (!(options.MessagesPerSecond > 0 && options.MessagesPerSecond <= 10_000))
        {
            errors.Add("Bulk:MessagesPerSecond must be more than 0 and at most 10000 (e.g. 1 for a long code, 30 for a short code).");
        }

        if (options.MaxConcurrentSends is < 1 or > 64)
        {
            errors.Add("Bulk:MaxConcurrentSends must be between 1 and 64.");
        }

        if (options.MaxFileBytes < 1024)
        {
            errors.Add("Bulk:MaxFileBytes must be at least 1024 (e.g. 10485760 for 10 MB).");
        }

        if (options.MaxRows < 1)
        {
            errors.Add("Bulk:MaxRows must be at least 1 (e.g. 50000).");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add("Bulk:PollInterval must be positive (e.g. 00:00:01).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
