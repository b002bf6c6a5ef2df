namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// The one declaration of the status callback webhook's address: its path, and the <c>messageId</c> query that
/// names our message so a callback that beats Twilio's send response still finds it. The app maps
/// <see cref="Path"/>, the sender hands Twilio <see cref="For(Uri, Guid, string?)"/>, the handler reads
/// <see cref="MessageIdOf"/>; tests and the benchmark use the same members.
/// </summary>
public static class StatusCallbackRoute
{
    public const string Path = Hosting.RoutePrefixes.Api + "/sms-status";
    public const string MessageIdQuery = "messageId";

    /// <summary>Path and query for <paramref name="messageId"/>, relative to the app's base URL.</summary>
    public static string PathFor(Guid messageId) => $"{Path}?{MessageIdQuery}={messageId:N}";

    /// <summary>
    /// The absolute callback URL: <paramref name="publicBaseUrl"/> + <see cref="PathFor"/>, with Twilio's webhook
    /// connection overrides (<c>Twilio:CallbackConnectionOverrides</c>, e.g. <c>rc=3&amp;rp=5xx</c>) as the fragment.
    /// </summary>
    public static Uri For(Uri publicBaseUrl, Guid messageId, string? connectionOverrides = null)
    {
        var fragment = string.IsNullOrWhiteSpace(connectionOverrides) ? "" : "#" + connectionOverrides.TrimStart('#');
        return new Uri($"{publicBaseUrl.ToString().TrimEnd('/')}{PathFor(messageId)}{fragment}");
    }

    /// <summary>The message id a callback names in its query; null when absent or not a GUID.</summary>
    public static Guid? MessageIdOf(HttpRequest request) =>
        Guid.TryParse(request.Query[MessageIdQuery].ToString(), out var id) ? id : null;
}
