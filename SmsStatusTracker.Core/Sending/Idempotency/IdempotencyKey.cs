namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>The rule for an <c>Idempotency-Key</c> a client chooses (a UUID is typical): 1 to 255 printable ASCII characters.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 255;

    /// <summary>Null when <paramref name="key"/> may be used; otherwise why not, in words for the client.</summary>
    public static string? WhyInvalid(string key)
    {
        if (key.Length is 0 or > MaxLength)
        {
            return $"{Header} must be 1 to {MaxLength} characters long (it is {key.Length}); a UUID is a good choice.";
        }

        var index = key.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        return index < 0 ? null : $"{Header} may hold only printable ASCII characters; character {index + 1} is not one.";
    }
}
