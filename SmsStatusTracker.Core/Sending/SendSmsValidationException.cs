namespace SmsStatusTracker.Core.Sending;

/// <summary>The request was not sent and nothing was stored; <see cref="Errors"/> says why, per field.</summary>
public class SendSmsValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The SMS request is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
