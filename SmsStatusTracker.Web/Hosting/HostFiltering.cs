using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Outside Development only this app's own host names are answered; any other Host (or X-Forwarded-Host) is a 400
/// from ASP.NET Core's host filtering, which runs first in the pipeline, so no HTTPS or sign-in redirect, and no
/// absolute link, can echo a host an attacker chose. The list is <c>AllowedHosts</c> when it is set to something
/// other than <c>*</c>, else the hosts of <c>Auth:PublicBaseUrl</c> and <c>Twilio:PublicBaseUrl</c>; loopback names
/// (and any specific address in <c>urls</c>) are always added so the simulator's calls into this app and local health probes
/// keep working. With neither set, every host is answered as before.
/// </summary>
public static class HostFiltering
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddTrackerHostFiltering(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() || AllowedHosts(configuration) is not { Count: > 0 } hosts)
        {
            return services;
        }

        // Registered after the web host's own fallback (AllowedHosts or "*"), so this list wins.
        services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = hosts.ToList());
        services.PostConfigure<ForwardedHeadersOptions>(options => options.AllowedHosts = hosts.ToList());
        return services;
    }

    // A specific address in "urls" (ASPNETCORE_URLS, --urls) is where the simulator calls this app: answer it too.
    private static IEnumerable<string> ListeningHosts(IConfiguration configuration) =>
        (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(ListeningAddress.Normalize(url).ToString(), UriKind.Absolute, out var parsed) ? parsed.Host : null)
            .OfType<string>();

    /// <summary>The host names to answer, or an empty list when nothing says which they are.</summary>
    public static IReadOnlyList<string> AllowedHosts(IConfiguration configuration)
    {
        var configured = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hosts = configured.Length > 0 && !configured.Contains("*")
            ? configured
            : new[] { configuration["Auth:PublicBaseUrl"], configuration["Twilio:PublicBaseUrl"] }
                .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed.IdnHost : null)
                .OfType<string>()
                .ToArray();
        return hosts.Length == 0 ? [] : hosts.Concat(Loopback).Concat(ListeningHosts(configuration)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
