namespace SmsStatusTracker.Core.Twilio;

/// <summary>The base URL Twilio calls this app at; status callback URLs are built on it and signatures checked against it.</summary>
public interface IPublicBaseUrl
{
    Uri Get();
}
