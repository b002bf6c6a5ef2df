namespace SmsStatusTracker.Core.Twilio;

/// <summary>Live Twilio: the SDK's own api.twilio.com address, untouched.</summary>
internal sealed class DirectTwilioApiAddress : ITwilioApiAddress
{
    public Uri? BaseAddressOverride => null;
}
