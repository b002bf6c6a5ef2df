using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;
using Twilio.Security;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> over every received parameter and the URL Twilio called: the configured
/// public base URL (tunnels, proxies) plus path and query, else the request's own URL (forwarded headers
/// from trusted proxies already applied). No bypass, not even for local requests.
/// </summary>
public sealed class TwilioSignatureValidator(IOptions<TwilioOptions> options)
{
    public bool IsValid(HttpRequest request, IFormCollection form)
    {
        var signatures = request.Headers[TwilioHeaders.Signature];
        if (signatures.Count != 1 || string.IsNullOrEmpty(signatures[0]))
        {
            return false;
        }

        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
        try
        {
            // RequestValidator keeps one HMAC instance and is not thread-safe: one per request.
            return new RequestValidator(options.Value.EffectiveAuthToken).Validate(CalledUrl(request), parameters, signatures[0]);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever a forged request makes the validator trip over, the answer fails closed: not signed.
            return false;
        }
    }

    public string CalledUrl(HttpRequest request) =>
        options.Value.PublicBaseUrl is { } publicBase
            ? publicBase.TrimEnd('/') + request.Path.ToUriComponent() + request.QueryString.ToUriComponent()
            : request.GetEncodedUrl();
}
