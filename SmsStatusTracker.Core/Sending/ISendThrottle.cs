namespace SmsStatusTracker.Core.Sending;

/// <summary>Limits how fast one sender (a user's id) may send. The host supplies it; without one, sending is not limited.</summary>
public interface ISendThrottle
{
    /// <summary>True when <paramref name="userId"/> may send one more message now; otherwise when to try again, if known.</summary>
    bool TryAcquire(string userId, out TimeSpan? retryAfter);
}

/// <summary>
/// The sender has used up their sending allowance; nothing was stored or sent. A form shows it like a validation
/// error on the body; an HTTP API answers 429 with <see cref="RetryAfter"/>.
/// </summary>
public sealed class SendRateLimitedException(TimeSpan? retryAfter)
    : SendSmsValidationException(new Dictionary<string, string[]>
    {
        ["body"] = [retryAfter is { } wait
            ? $"You are sending too fast. Try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s."
            : "You are sending too fast. Try again shortly."],
    })
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
