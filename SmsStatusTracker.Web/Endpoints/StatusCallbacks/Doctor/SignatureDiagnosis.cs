using Microsoft.AspNetCore.Http.Extensions;
using Twilio.Security;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

/// <summary>
/// Which URL a rejected signature was computed over. Twilio signs the URL it was told to call; behind a proxy or a
/// tunnel the app may rebuild another one (http instead of https, an internal host, a missing path prefix, a port).
/// The candidates are every combination of scheme (https, http), host (the configured public base URL's, the request's
/// as the app sees it, X-Forwarded-Host, X-Original-Host) with and without a port, and path prefix (none,
/// X-Forwarded-Prefix, the configured base URL's path), at most <see cref="MaxCandidates"/> of them, each checked with
/// the configured auth token. Bounded work per post (one HMAC each), done only for a post that carried a signature.
/// </summary>
public static class SignatureDiagnosis
{
    public const int MaxCandidates = 64;

    public static IReadOnlyList<string> Candidates(HttpRequest request, string? configuredBaseUrl)
    {
        var hosts = new List<string>();
        var prefixes = new List<string> { "" };
        if (configuredBaseUrl is not null && Uri.TryCreate(configuredBaseUrl, UriKind.Absolute, out var configured))
        {
            hosts.Add(configured.IsDefaultPort ? configured.Host : $"{configured.Host}:{configured.Port}");
            prefixes.Add(configured.AbsolutePath.TrimEnd('/'));
        }

        hosts.Add(request.Host.Value ?? "");
        foreach (var header in new[] { "X-Forwarded-Host", "X-Original-Host" })
        {
            if (First(request.Headers[header]) is { } host)
            {
                hosts.Add(host);
            }
        }

        if (First(request.Headers["X-Forwarded-Prefix"]) is { } prefix)
        {
            prefixes.Add("/" + prefix.Trim('/'));
        }

        prefixes.Add(request.PathBase.Value ?? "");
        var withPorts = hosts.Where(h => h.Length > 0).SelectMany(h => new[] { h, StripPort(h) }).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var pathAndQuery = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        return (from scheme in new[] { "https", "http" }
                from host in withPorts
                from p in prefixes.Select(p => p.TrimEnd('/')).Distinct(StringComparer.Ordinal)
                select $"{scheme}://{host}{p}{pathAndQuery}")
            .Distinct(StringComparer.Ordinal)
            .Take(MaxCandidates)
            .ToArray();
    }

    /// <summary>The first candidate the signature matches, or null; and how many were tried.</summary>
    public static (string? SignedUrl, int Tried) FindSignedUrl(IReadOnlyList<string> candidates, IFormCollection form, string signature, string authToken)
    {
        if (authToken.Length == 0)
        {
            return (null, 0);
        }

        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
        var validator = new RequestValidator(authToken);
        for (var i = 0; i < candidates.Count; i++)
        {
            try
            {
                if (validator.Validate(candidates[i], parameters, signature))
                {
                    return (candidates[i], i + 1);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // A candidate the validator cannot parse is simply not the one.
            }
        }

        return (null, candidates.Count);
    }

    /// <summary>The advice for a signature rejection, given what matched.</summary>
    public static string Advise(string checkedUrl, string? signedUrl, bool signaturePresent, string? configuredBaseUrl)
    {
        if (!signaturePresent)
        {
            return "No X-Twilio-Signature header: this post did not come from Twilio, or a proxy in front of the app removed the header.";
        }

        if (signedUrl is null)
        {
            return "No URL the app could rebuild matches the signature: the post was signed with another auth token (check Twilio:AuthToken " +
                "is this account's current primary token) or it did not come from Twilio.";
        }

        if (string.Equals(signedUrl, checkedUrl, StringComparison.Ordinal))
        {
            return $"Twilio signed {signedUrl}, the URL the app checked; the form fields were changed on the way (a proxy rewriting the body?).";
        }

        var signed = new Uri(signedUrl);
        var baseUrl = signed.GetLeftPart(UriPartial.Authority) + BasePath(signed, checkedUrl);
        return configuredBaseUrl is null
            ? $"Twilio signed {signedUrl} but the app checked {checkedUrl}. Set Twilio:PublicBaseUrl to {baseUrl} so the app checks that URL, " +
              "or list the proxy in ForwardedHeaders:KnownProxies (or KnownNetworks) so its X-Forwarded-Proto/Host are applied."
            : $"Twilio signed {signedUrl} but the app checked {checkedUrl}. Change Twilio:PublicBaseUrl from {configuredBaseUrl} to {baseUrl} so the app checks that URL.";
    }

    // The signed URL's path before the webhook's own path: the prefix the base URL must carry.
    private static string BasePath(Uri signed, string checkedUrl)
    {
        var webhookPath = new Uri(checkedUrl).AbsolutePath;
        var path = signed.AbsolutePath;
        return path.EndsWith(webhookPath, StringComparison.Ordinal) ? path[..^webhookPath.Length] : "";
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') && host.IndexOf(':') == colon ? host[..colon] : host;
    }
}
