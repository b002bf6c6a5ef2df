using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Reconciliation;

/// <summary>The time settings must be positive and ordered, the counts in range; every message names the key to set.</summary>
public sealed class ReconciliationOptionsValidator : IValidateOptions<ReconciliationOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconciliationOptions options)
    {
        var failures = new List<string>();
        Positive(failures, options.MinAge, "MinAge", "00:10:00");
        Positive(failures, options.Interval, "Interval", "00:01:00");
        Positive(failures, options.GiveUpAfter, "GiveUpAfter", "1.00:00:00");
        Positive(failures, options.AssumeNeverCreatedAfter, "AssumeNeverCreatedAfter", "01:00:00");

        if (options.MaxPerMinute is < 1 or > 6000)
        {
            failures.Add("Reconciliation:MaxPerMinute must be between 1 and 6000.");
        }

        if (options.BatchSize is < 1 or > 10000)
        {
            failures.Add("Reconciliation:BatchSize must be between 1 and 10000.");
        }

        if (options.AssumeNeverCreatedAfter < options.MinAge)
        {
            failures.Add("Reconciliation:AssumeNeverCreatedAfter must not be shorter than Reconciliation:MinAge.");
        }

        if (options.GiveUpAfter < options.AssumeNeverCreatedAfter)
        {
            failures.Add("Reconciliation:GiveUpAfter must not be shorter than Reconciliation:AssumeNeverCreatedAfter.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string key, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Reconciliation:{key} must be a positive time span, e.g. {example}.");
        }
    }
}
