using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SmsStatusTracker.Web.Extensions;

public static class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    /// <summary>
    /// X-Forwarded-For/Proto/Host are honoured only from <c>ForwardedHeaders:KnownProxies</c> (IP addresses)
    /// and <c>ForwardedHeaders:KnownNetworks</c> (CIDR) — loopback only when neither is set — so a client
    /// cannot forge the URL that callback signatures are checked against.
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            if (proxies.Length + networks.Length > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies contains '{proxy}', which is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{Section}:KnownNetworks contains '{network}', which is not a CIDR range like 10.0.0.0/8."));
            }
        });
        return services;
    }
}
