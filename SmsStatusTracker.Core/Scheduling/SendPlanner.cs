using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Twilio;
using Twilio.Rest.Api.V2010.Account;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>
/// Decides, for <see cref="SmsSender"/>, whether a new message goes now, to Twilio's scheduler, or is held by the app:
/// a chosen time (<see cref="SendSmsRequest.SendAt"/>) or the recipient's quiet hours (<see cref="QuietHours"/>)
/// make it scheduled. Twilio holds it when a Messaging Service is configured, Scheduling:UseTwilioScheduling is on,
/// quiet hours did not move it and it is due 15 minutes to 35 days ahead; otherwise the app stores it as
/// <c>scheduled</c> and <see cref="ScheduledSendJob"/> sends it when due.
/// </summary>
public sealed class SendPlanner(QuietHours quietHours, IOptions<SchedulingOptions> options, IOptions<TwilioOptions> twilio, TimeProvider time)
{
    /// <summary><paramref name="message"/> as it is to be stored: unchanged for an immediate send, else with its schedule.</summary>
    public Message Plan(Message message, SendSmsRequest request, ActingUser sender)
    {
        var now = time.GetUtcNow();
        var due = request.SendAt ?? now;
        var quietUntil = request.IgnoreQuietHours ? null : quietHours.HoldUntil(message.To, due);
        if (request.SendAt is null && quietUntil is null)
        {
            return message;
        }

        var sendAt = quietUntil ?? due;
        var schedule = new MessageSchedule
        {
            SendAt = sendAt,
            RequestedFor = request.SendAt,
            HeldForQuietHours = quietUntil is not null,
            ViaTwilio = quietUntil is null && options.Value.UseTwilioScheduling && twilio.Value.MessagingServiceSid is { Length: > 0 }
                && SendTimeRule.TwilioCanHold(sendAt, now),
            UserId = sender.UserId,
            ApiKeyId = sender.ApiKey?.Id,
        };
        if (schedule.ViaTwilio)
        {
            // Twilio answers "scheduled"; until then it is created like any other send.
            return message with { Schedule = schedule };
        }

        var held = new StatusEvent { RawStatus = MessageStatus.Scheduled.ToWireName(), Source = StatusEventSource.Local, ReceivedAt = now };
        return message with { Schedule = schedule, Status = MessageStatus.Scheduled, History = [.. message.History, held] };
    }

    /// <summary>Whether the app holds <paramref name="message"/> (stored, not sent: the job sends it when due).</summary>
    public static bool HeldByApp(Message message) =>
        message is { Status: MessageStatus.Scheduled, Sid: null, Schedule.ViaTwilio: false };

    /// <summary>Adds Twilio's scheduling (SendAt, ScheduleType=fixed) to a create when Twilio is to hold the message.</summary>
    public static void AddTwilioSchedule(CreateMessageOptions create, Message message)
    {
        if (message.Schedule is { ViaTwilio: true } schedule)
        {
            create.SendAt = schedule.SendAt.UtcDateTime;
            create.ScheduleType = MessageResource.ScheduleTypeEnum.Fixed;
        }
    }
}
