using SmsStatusTracker.Core.Twilio;
using System.Globalization;
using System.Text.RegularExpressions;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.StatusCallbacks;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>Reads a Twilio status callback's fields into a <see cref="StatusObservation"/>.</summary>
public static partial class StatusCallbackForm
{
    public static bool TryParse(IFormCollection form, HttpRequest request, DateTimeOffset receivedAt, out StatusObservation? observation, out string? error)
    {
        observation = null;
        var sid = First(form, "MessageSid", "SmsSid");
        var status = First(form, "MessageStatus", "SmsStatus");
        if (sid is null || status is null)
        {
            error = "MessageSid and MessageStatus are required.";
            return false;
        }

        if (!SidPattern().IsMatch(sid))
        {
            error = "MessageSid is not a Twilio message SID.";
            return false;
        }

        if (!StatusPattern().IsMatch(status))
        {
            error = "MessageStatus is not a status name.";
            return false;
        }

        var statusEvent = new StatusEvent
        {
            RawStatus = status.ToLowerInvariant(),
            Source = StatusEventSource.Callback,
            ReceivedAt = receivedAt,
            ErrorCode = int.TryParse(First(form, "ErrorCode"), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0 ? code : null,
            IdempotencyToken = Bounded(request.Headers[TwilioHeaders.IdempotencyToken].ToString(), 128),
            RawDlrDoneDate = First(form, "RawDlrDoneDate") is { } dlr && DlrPattern().IsMatch(dlr) ? dlr : null,
        };
        observation = new StatusObservation(sid, StatusCallbackRoute.MessageIdOf(request), statusEvent);
        error = null;
        return true;
    }

    /// <summary>Whether the callback's <c>AccountSid</c> is <paramref name="accountSid"/>; a missing one is not.</summary>
    public static bool IsForAccount(IFormCollection form, string accountSid) =>
        accountSid.Length > 0 && string.Equals(First(form, "AccountSid"), accountSid, StringComparison.Ordinal);

    private static string? First(IFormCollection form, params string[] names)
    {
        foreach (var name in names)
        {
            if (form.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrWhiteSpace(value[0]))
            {
                return value[0]!.Trim();
            }
        }

        return null;
    }

    private static string? Bounded(string value, int max) => value.Length > 0 && value.Length <= max ? value : null;

    [GeneratedRegex("^[A-Z]{2}[0-9a-fA-F]{32}$")]
    private static partial Regex SidPattern();

    [GeneratedRegex("^[A-Za-z_-]{1,40}$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex("^[0-9]{6,14}$")]
    private static partial Regex DlrPattern();
}
