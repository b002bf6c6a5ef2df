namespace SmsStatusTracker.Core.Twilio;

/// <summary>
/// Points the official SDK at another API host (the simulator) by rewriting scheme, host and port of its
/// requests, keeping the path under the override's base path. Without an override, requests pass untouched.
/// </summary>
public sealed class TwilioApiRedirectHandler(ITwilioApiAddress address) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (address.BaseAddressOverride is { } target && request.RequestUri is { } original)
        {
            var builder = new UriBuilder(original)
            {
                Scheme = target.Scheme,
                Host = target.Host,
                Port = target.Port,
                Path = target.AbsolutePath.TrimEnd('/') + original.AbsolutePath,
            };
            request.RequestUri = builder.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
