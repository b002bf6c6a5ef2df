namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// The one declaration of the incoming-message webhook's address. Set the number's (or Messaging Service's) "A message
/// comes in" webhook in the Twilio Console to <c>Twilio:PublicBaseUrl</c> + <see cref="Path"/>, HTTP POST.
/// </summary>
public static class InboundSmsRoute
{
    public const string Path = Hosting.RoutePrefixes.Api + "/sms-incoming";

    /// <summary>The absolute webhook URL on <paramref name="publicBaseUrl"/>.</summary>
    public static Uri For(Uri publicBaseUrl) => new($"{publicBaseUrl.ToString().TrimEnd('/')}{Path}");
}
