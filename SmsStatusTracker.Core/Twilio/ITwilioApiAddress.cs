namespace SmsStatusTracker.Core.Twilio;

/// <summary>Where Twilio's REST API is reached: null means api.twilio.com itself; the simulator supplies its own address.</summary>
public interface ITwilioApiAddress
{
    Uri? BaseAddressOverride { get; }
}
