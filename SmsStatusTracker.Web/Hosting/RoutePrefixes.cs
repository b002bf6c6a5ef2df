namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// The path prefixes that mark machine callers: under them a request wants status codes and problem details, never
/// a page or the sign-in redirect.
/// </summary>
public static class RoutePrefixes
{
    /// <summary>The REST API and Twilio's status callbacks.</summary>
    public const string Api = "/api";

    /// <summary>SignalR hubs.</summary>
    public const string Hubs = "/hubs";

    public static bool IsApi(this PathString path) => path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase);

    public static bool IsApiOrHub(this PathString path) => path.IsApi() || path.StartsWithSegments(Hubs, StringComparison.OrdinalIgnoreCase);
}
