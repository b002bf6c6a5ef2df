using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>One entry of a message's status history as the REST API shows it.</summary>
public sealed record StatusEventResponse(string Status, DateTime At, int? ErrorCode, string Source, string Outcome)
{
    public static StatusEventResponse Of(StatusEvent e) => new(
        e.RawStatus,
        e.ReceivedAt.UtcDateTime,
        e.ErrorCode,
        e.Source switch
        {
            StatusEventSource.SendResponse => "send-response",
            StatusEventSource.Callback => "callback",
            StatusEventSource.Poll => "poll",
            StatusEventSource.Simulator => "simulator",
            _ => "local",
        },
        e.Outcome.ToString().ToLowerInvariant());
}
