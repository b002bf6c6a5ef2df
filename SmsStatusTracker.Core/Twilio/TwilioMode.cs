namespace SmsStatusTracker.Core.Twilio;

public enum TwilioMode
{
    /// <summary>The built-in simulator serves Twilio's Messages API and sends signed callbacks. No account needed.</summary>
    Simulator,

    /// <summary>Real Twilio: needs an account, credentials and a public URL for callbacks.</summary>
    Live,
}
