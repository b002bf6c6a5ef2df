namespace SmsStatusTracker.Web.Hosting;

/// <summary>Who may set X-Forwarded-*, from the <c>ForwardedHeaders</c> section. Neither set: loopback only.</summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>IP addresses of the reverse proxies in front of the app.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>CIDR ranges (e.g. 10.0.0.0/8) the reverse proxies are in.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
