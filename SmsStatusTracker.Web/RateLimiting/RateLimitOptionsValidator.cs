using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>Checks the <c>RateLimits</c> section at startup; every message names the key to set.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        PositiveWindow(failures, nameof(RateLimitOptions.SignInWindow), options.SignInWindow);
        PositiveWindow(failures, nameof(RateLimitOptions.SendWindow), options.SendWindow);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void PositiveWindow(List<string> failures, string key, TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
        {
            failures.Add($"{RateLimitOptions.Section}:{key} must be positive, e.g. 00:15:00.");
        }
    }
}
