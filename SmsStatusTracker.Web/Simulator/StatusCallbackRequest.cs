using System.Globalization;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>The form fields Twilio posts to a StatusCallback URL for one status change.</summary>
public static class StatusCallbackRequest
{
    public const string ApiVersion = "2010-04-01";

    public static Dictionary<string, string> FormFor(SimulatedMessage message, SimulatedStep step, DateTimeOffset at)
    {
        var status = step.Status.ToWireName();
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = message.Sid,
            ["SmsSid"] = message.Sid,
            ["AccountSid"] = message.AccountSid,
            ["MessageStatus"] = status,
            ["SmsStatus"] = status,
            ["To"] = message.To,
            ["ApiVersion"] = ApiVersion,
            ["NumSegments"] = message.Segments.ToString(CultureInfo.InvariantCulture),
        };
        if (message.From is { } from)
        {
            form["From"] = from;
        }

        if (message.MessagingServiceSid is { } service)
        {
            form["MessagingServiceSid"] = service;
        }

        if (step.ErrorCode is { } code)
        {
            form["ErrorCode"] = code.ToString(CultureInfo.InvariantCulture);
        }

        if (step.Status is MessageStatus.Delivered or MessageStatus.Undelivered)
        {
            // The carrier's delivery-report time, as Twilio passes it on: YYMMDDhhmm, UTC.
            form["RawDlrDoneDate"] = at.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        }

        return form;
    }
}
