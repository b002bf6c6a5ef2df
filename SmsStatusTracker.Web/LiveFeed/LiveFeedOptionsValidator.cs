using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>Checks the <c>LiveFeed</c> section at startup; every message names the key to set.</summary>
public sealed class LiveFeedOptionsValidator : IValidateOptions<LiveFeedOptions>
{
    /// <summary>Beyond this a batched listener would no longer be live.</summary>
    public static readonly TimeSpan MaxBatchInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, LiveFeedOptions options) =>
        options.BatchInterval < TimeSpan.Zero || options.BatchInterval > MaxBatchInterval
            ? ValidateOptionsResult.Fail(
                $"{LiveFeedOptions.Section}:{nameof(LiveFeedOptions.BatchInterval)} must be from 00:00:00 (each change in its own frame) " +
                $"to {MaxBatchInterval:c}, e.g. 00:00:00.025; it is {options.BatchInterval:c}.")
            : ValidateOptionsResult.Success;
}
