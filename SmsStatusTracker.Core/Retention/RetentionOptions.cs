using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Retention;

/// <summary>The <c>Retention</c> section: how long message bodies and messages are kept. Both unset (the default): forever.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Bodies of messages older than this are emptied; numbers, statuses and history stay.</summary>
    public TimeSpan? MessageBodies { get; set; }

    /// <summary>Messages older than this are deleted.</summary>
    public TimeSpan? Messages { get; set; }

    /// <summary>Activity-log entries older than this are deleted.</summary>
    public TimeSpan? Activity { get; set; }

    /// <summary>Time between two clean-up passes (the first runs at start-up on the replica holding the lease).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Messages changed per store call; a pass repeats calls until nothing is left.</summary>
    public int BatchSize { get; set; } = 500;

    public bool Enabled => MessageBodies is not null || Messages is not null || Activity is not null;
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.MessageBodies is { } bodies && bodies <= TimeSpan.Zero)
        {
            failures.Add("Retention:MessageBodies must be a positive duration (e.g. 30.00:00:00 for 30 days), or unset to keep bodies.");
        }

        if (options.Messages is { } messages && messages <= TimeSpan.Zero)
        {
            failures.Add("Retention:Messages must be a positive duration (e.g. 365.00:00:00), or unset to keep messages.");
        }

        if (options.Activity is { } activity && activity <= TimeSpan.Zero)
        {
            failures.Add("Retention:Activity must be a positive duration (e.g. 365.00:00:00), or unset to keep the activity log.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add("Retention:Interval must be a positive duration (e.g. 01:00:00).");
        }

        if (options.BatchSize is < 1 or > 10000)
        {
            failures.Add("Retention:BatchSize must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
