using System.Net;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>Checks the <c>ForwardedHeaders</c> section at startup; every message names the key to set.</summary>
public sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var failures = new List<string>();
        foreach (var proxy in options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            failures.Add($"{TrustedProxyOptions.Section}:{nameof(TrustedProxyOptions.KnownProxies)} contains '{proxy}', which is not an IP address.");
        }

        foreach (var network in options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            failures.Add($"{TrustedProxyOptions.Section}:{nameof(TrustedProxyOptions.KnownNetworks)} contains '{network}', which is not a CIDR range like 10.0.0.0/8.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
