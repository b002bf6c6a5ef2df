using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Hosting;

/// <summary><c>Twilio:PublicBaseUrl</c> when set (tunnels, proxies); otherwise, for the simulator, where this app listens.</summary>
public sealed class PublicBaseUrl(IOptions<TwilioOptions> options, ListeningAddress listening) : IPublicBaseUrl
{
    public Uri Get() => options.Value.PublicBaseUrl is { } configured ? new Uri(configured) : listening.Get();
}
