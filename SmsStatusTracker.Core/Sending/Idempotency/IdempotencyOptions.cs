using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>The <c>Idempotency</c> section: how long an <c>Idempotency-Key</c> is remembered.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    public static readonly TimeSpan MaxKeyLifetime = TimeSpan.FromDays(30);

    /// <summary>A retry with the same key within this time gets the first answer; after it the key is forgotten.</summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);
}

public sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options) =>
        options.KeyLifetime > TimeSpan.Zero && options.KeyLifetime <= IdempotencyOptions.MaxKeyLifetime
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Idempotency:KeyLifetime must be a positive duration of at most {IdempotencyOptions.MaxKeyLifetime.TotalDays:0} days (e.g. 1.00:00:00 for 24 hours).");
}
