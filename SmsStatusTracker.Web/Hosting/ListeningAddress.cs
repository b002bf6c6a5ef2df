using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// The address this process listens on, as a client on the same machine reaches it. Wildcard hosts
/// (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) become loopback; plain http is preferred so local
/// calls need no certificate.
/// </summary>
public sealed class ListeningAddress(IServer server)
{
    public Uri Get()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The server is not listening yet, so its address is unknown.");
        return Normalize(chosen);
    }

    internal static Uri Normalize(string address)
    {
        var wildcardFree = address.Replace("://*", "://127.0.0.1").Replace("://+", "://127.0.0.1");
        var builder = new UriBuilder(wildcardFree);
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        builder.Path = "/";
        return builder.Uri;
    }
}
