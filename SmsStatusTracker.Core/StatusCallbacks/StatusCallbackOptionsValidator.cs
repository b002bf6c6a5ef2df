using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.StatusCallbacks;

/// <summary>Every message names the key to set.</summary>
public sealed class StatusCallbackOptionsValidator : IValidateOptions<StatusCallbackOptions>
{
    public const int MaxHistoryLimit = 10_000;

    public ValidateOptionsResult Validate(string? name, StatusCallbackOptions options)
    {
        var failures = new List<string>();
        if (options.HistoryLimit is < StatusHistory.MinimumLimit or > MaxHistoryLimit)
        {
            failures.Add($"StatusCallbacks:HistoryLimit must be between {StatusHistory.MinimumLimit} and {MaxHistoryLimit}, e.g. {StatusHistory.DefaultLimit}.");
        }

        if (options.ParkedMaxAge <= TimeSpan.Zero)
        {
            failures.Add("StatusCallbacks:ParkedMaxAge must be a positive time span, e.g. 7.00:00:00.");
        }

        if (options.ParkedPurgeInterval <= TimeSpan.Zero)
        {
            failures.Add("StatusCallbacks:ParkedPurgeInterval must be a positive time span, e.g. 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
