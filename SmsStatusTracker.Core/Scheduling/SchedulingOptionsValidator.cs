using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>Checks the <c>Scheduling</c> section at startup; every message names the key to set.</summary>
public sealed class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options) =>
        options.Interval >= TimeSpan.FromMilliseconds(100) && options.Interval <= TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SchedulingOptions.Section}:{nameof(SchedulingOptions.Interval)} must be between 00:00:00.1 and 01:00:00.");
}

/// <summary>Checks the <c>Sms:QuietHours</c> section at startup; every message names the key to set.</summary>
public sealed class QuietHoursOptionsValidator : IValidateOptions<QuietHoursOptions>
{
    public ValidateOptionsResult Validate(string? name, QuietHoursOptions options) =>
        !options.Enabled || options.Start != options.End
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{QuietHoursOptions.Section}:{nameof(QuietHoursOptions.Start)} and {QuietHoursOptions.Section}:{nameof(QuietHoursOptions.End)} must differ when quiet hours are enabled.");
}
