using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// The one URL the simulator posts callbacks to: this app's status callback as <see cref="SmsSender"/> builds
/// it. Scheme, host, port and path must match; the query (which message) and fragment (retry overrides) may differ.
/// </summary>
public static class SimulatorCallbackTarget
{
    public static bool IsOwn(Uri requested, SmsSender sender)
    {
        var own = sender.StatusCallbackFor(Guid.Empty);
        return requested.IsAbsoluteUri
            && string.Equals(requested.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(requested.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
            && requested.Port == own.Port
            && string.Equals(requested.AbsolutePath, own.AbsolutePath, StringComparison.Ordinal)
            && requested.UserInfo.Length == 0;
    }
}
