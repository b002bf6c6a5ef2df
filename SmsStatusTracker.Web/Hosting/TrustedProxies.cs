using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Hosting;

public static class TrustedProxies
{
    /// <summary>
    /// X-Forwarded-For/Proto/Host are honoured only from <c>ForwardedHeaders:KnownProxies</c> (IP addresses)
    /// and <c>ForwardedHeaders:KnownNetworks</c> (CIDR) — loopback only when neither is set — so a client
    /// cannot forge the URL that callback signatures are checked against.
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            var proxies = trusted.Value.KnownProxies;
            var networks = trusted.Value.KnownNetworks;
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            if (proxies.Length + networks.Length > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

            // Validated at startup (TrustedProxyOptionsValidator), so every entry parses.
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
