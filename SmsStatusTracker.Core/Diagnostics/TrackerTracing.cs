using System.Diagnostics;

namespace SmsStatusTracker.Core.Diagnostics;

/// <summary>
/// The app's traces on the <c>SmsStatusTracker.Store</c> activity source (OpenTelemetry:
/// <c>AddSource("SmsStatusTracker.Store")</c>): one span per store call, named <c>store {Method}</c>, tagged with
/// <c>db.system</c> (<c>sqlite</c> or <c>mongodb</c>) and nothing else; failures carry Error status and the
/// exception's type, never its message.
/// </summary>
public static class TrackerTracing
{
    public const string StoreSourceName = "SmsStatusTracker.Store";

    internal static readonly ActivitySource Store = new(StoreSourceName);
}
