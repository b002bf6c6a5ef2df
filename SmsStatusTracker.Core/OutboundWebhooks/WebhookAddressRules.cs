using System.Net;
using System.Net.Sockets;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// Where deliveries may go (no SSRF): https only, plus http to loopback when loopback is allowed; no address in a
/// private, loopback, link-local, unique-local, multicast, reserved or cloud-metadata range unless allowed. Checked
/// on the URL at registration and on every resolved address at connect time, so DNS rebinding cannot slip past.
/// </summary>
public static class WebhookAddressRules
{
    public const int MaxUrlLength = 2000;

    /// <summary>Why <paramref name="url"/> may not be registered (before DNS), or null.</summary>
    public static string? CheckUrl(string? url, OutboundWebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return "Enter an absolute URL such as https://example.com/hooks/sms.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not contain a user name or password.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? CheckAddress(literal, options) : null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && options.AllowLoopback && IsLoopbackHost(uri))
        {
            return null;
        }

        return options.AllowLoopback
            ? "Only https URLs can be registered (http only to this machine, e.g. http://localhost)."
            : "Only https URLs can be registered.";
    }

    /// <summary>Why a connection to <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public static string? CheckAddress(IPAddress address, OutboundWebhookOptions options)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.AllowLoopback || options.AllowPrivateNetworks ? null : $"{address} is a loopback address.";
        }

        if (IsMetadata(address))
        {
            return $"{address} is a cloud metadata address.";
        }

        var reason = Classify(address);
        return reason is null || options.AllowPrivateNetworks ? null : $"{address} is {reason} address.";
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>Never allowed, not even with private networks: the instance credentials live there.</summary>
    private static bool IsMetadata(IPAddress address) =>
        address.Equals(IPAddress.Parse("169.254.169.254")) || address.Equals(IPAddress.Parse("169.254.170.2"))
        || address.Equals(IPAddress.Parse("100.100.100.200")) || address.Equals(IPAddress.Parse("fd00:ec2::254"));

    private static string? Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "an unspecified (0.0.0.0/8)",
                10 => "a private (10.0.0.0/8)",
                100 when b[1] >= 64 && b[1] < 128 => "a carrier-grade NAT (100.64.0.0/10)",
                169 when b[1] == 254 => "a link-local (169.254.0.0/16)",
                172 when b[1] >= 16 && b[1] < 32 => "a private (172.16.0.0/12)",
                192 when b[1] == 168 => "a private (192.168.0.0/16)",
                192 when b[1] == 0 && b[2] == 0 => "a reserved (192.0.0.0/24)",
                198 when b[1] is 18 or 19 => "a benchmarking (198.18.0.0/15)",
                >= 224 and < 240 => "a multicast (224.0.0.0/4)",
                >= 240 => "a reserved (240.0.0.0/4)",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "an unspecified (::)";
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return "a link-local (fe80::/10)";
        }

        if (address.IsIPv6UniqueLocal)
        {
            return "a unique-local (fc00::/7)";
        }

        if (address.IsIPv6Multicast)
        {
            return "a multicast (ff00::/8)";
        }

        var bytes = address.GetAddressBytes();
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address that may be private.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b)
        {
            return "a NAT64 (64:ff9b::/96)";
        }

        return bytes[0] == 0x20 && bytes[1] == 0x02 ? "a 6to4 (2002::/16)" : null;
    }
}
