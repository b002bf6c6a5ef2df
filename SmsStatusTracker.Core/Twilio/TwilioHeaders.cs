namespace SmsStatusTracker.Core.Twilio;

/// <summary>The HTTP headers Twilio puts on its webhook requests (status callbacks).</summary>
public static class TwilioHeaders
{
    /// <summary>Base64 HMAC-SHA1, keyed with the auth token, of the URL Twilio called and the sorted form fields.</summary>
    public const string Signature = "X-Twilio-Signature";

    /// <summary>The same on every retry of one callback.</summary>
    public const string IdempotencyToken = "I-Twilio-Idempotency-Token";
}
