namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>The key was first used for a different request; nothing was sent. An HTTP API answers 422.</summary>
public sealed class IdempotencyKeyReusedException(string key)
    : Exception($"The {IdempotencyKey.Header} \"{key}\" was already used for a different request; use a new key for a new message.")
{
    public const string Code = "idempotency_key_reused";
}

/// <summary>
/// A request with the same key is still being processed; nothing more was sent. Retry after <see cref="RetryAfter"/>
/// to get its result. An HTTP API answers 409.
/// </summary>
public sealed class IdempotencyKeyInFlightException(string key, TimeSpan retryAfter)
    : Exception($"A request with {IdempotencyKey.Header} \"{key}\" is still being processed; retry in a few seconds to get its result.")
{
    public const string Code = "idempotency_key_in_flight";

    public TimeSpan RetryAfter { get; } = retryAfter;
}
