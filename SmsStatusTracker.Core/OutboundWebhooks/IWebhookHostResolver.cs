using System.Net;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>Resolves a receiver's host name; DNS by default, replaceable so tests can rebind a name.</summary>
public interface IWebhookHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}
