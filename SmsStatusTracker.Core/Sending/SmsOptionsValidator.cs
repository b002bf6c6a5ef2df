using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Sending;

/// <summary>Checks the <c>Sms</c> section at startup; every message names the key to set.</summary>
public sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options) =>
        options.DefaultRegion is { Length: 2 } region && region.All(char.IsAsciiLetter)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SmsOptions.Section}:{nameof(SmsOptions.DefaultRegion)} must be a two-letter region code such as US or GB.");
}
