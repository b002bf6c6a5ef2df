using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// The one URL the simulator posts callbacks to: this app's status callback as <see cref="SmsSender"/> builds
/// it (<see cref="IStatusCallbackUrls"/>). Scheme, host, port and path must match; the query (which message) and fragment (retry overrides) may differ.
/// </summary>
public static class SimulatorCallbackTarget
{
    public static bool IsOwn(Uri requested, IStatusCallbackUrls callbackUrls)
    {
        var own = callbackUrls.For(Guid.Empty);
        return requested.IsAbsoluteUri
            && string.Equals(requested.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(requested.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
            && requested.Port == own.Port
            && string.Equals(requested.AbsolutePath, own.AbsolutePath, StringComparison.Ordinal)
            && requested.UserInfo.Length == 0;
    }
}
