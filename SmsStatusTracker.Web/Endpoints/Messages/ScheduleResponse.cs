using SmsStatusTracker.Core.Scheduling;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// A scheduled message's schedule as the REST API shows it: when it is due (UTC), the time asked for, whether Twilio
/// holds it (a Messaging Service) or the app does, and whether quiet hours moved it.
/// </summary>
public sealed record ScheduleResponse(DateTime SendAt, DateTime? RequestedFor, bool ViaTwilio, bool HeldForQuietHours)
{
    public static ScheduleResponse? Of(MessageSchedule? schedule) => schedule is null
        ? null
        : new(schedule.SendAt.UtcDateTime, schedule.RequestedFor?.UtcDateTime, schedule.ViaTwilio, schedule.HeldForQuietHours);
}
