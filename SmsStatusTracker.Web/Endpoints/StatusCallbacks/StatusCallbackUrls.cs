using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>Callback URLs on the public base URL Twilio reaches this app at, per <see cref="StatusCallbackRoute"/>.</summary>
public sealed class StatusCallbackUrls(IPublicBaseUrl publicBaseUrl, IOptions<TwilioOptions> options) : IStatusCallbackUrls
{
    public Uri For(Guid messageId) =>
        StatusCallbackRoute.For(publicBaseUrl.Get(), messageId, options.Value.CallbackConnectionOverrides);
}
