using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Twilio's message scheduling as the simulator plays it: a create with <c>SendAt</c> and <c>ScheduleType=fixed</c>
/// through a Messaging Service, 15 minutes to 35 days ahead, answers <c>scheduled</c> and is sent at that time
/// (<see cref="SimulatorCallbackDispatcher.StartWhenDue"/>); an update with <c>Status=canceled</c> cancels it while it
/// is still scheduled, and is refused with a 400 once it was sent. The error codes are the simulator's best match,
/// not a promise about Twilio's.
/// </summary>
public static class SimulatedScheduling
{
    private static readonly TimeSpan MinLead = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MaxLead = TimeSpan.FromDays(35);

    /// <summary>Reads the schedule of a create: null when it is fine (<paramref name="sendAt"/> null for an immediate send), else Twilio-like error.</summary>
    public static IResult? Read(IFormCollection form, string? messagingService, DateTimeOffset now, out DateTimeOffset? sendAt)
    {
        sendAt = null;
        var text = form["SendAt"].ToString();
        var type = form["ScheduleType"].ToString();
        if (text.Length == 0 && type.Length == 0)
        {
            return null;
        }

        if (!string.Equals(type, "fixed", StringComparison.Ordinal))
        {
            return TwilioSimulatorEndpoints.Error(400, 35111, "ScheduleType must be 'fixed' when SendAt is given.");
        }

        if (messagingService is null)
        {
            return TwilioSimulatorEndpoints.Error(400, 35118, "MessagingServiceSid is required to schedule a message.");
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return TwilioSimulatorEndpoints.Error(400, 35114, "SendAt must be an ISO 8601 time.");
        }

        if (parsed - now < MinLead || parsed - now > MaxLead)
        {
            return TwilioSimulatorEndpoints.Error(400, 35114, "SendAt must be between 15 minutes and 35 days in the future.");
        }

        sendAt = parsed;
        return null;
    }

    /// <summary><c>POST …/Messages/{sid}.json</c>: only <c>Status=canceled</c> of a scheduled message is supported.</summary>
    public static async Task<IResult> UpdateAsync(
        string accountSid,
        string sid,
        HttpRequest request,
        [FromServices] IOptions<TwilioOptions> options,
        [FromServices] SimulatedTwilioLedger ledger,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (TwilioSimulatorEndpoints.Unauthorized(request, accountSid, options.Value) is { } denied)
        {
            return denied;
        }

        if (ledger.Find(sid) is not { } message || message.AccountSid != accountSid)
        {
            return TwilioSimulatorEndpoints.Error(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages/{sid}.json was not found");
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        if (form?["Status"].ToString() != "canceled")
        {
            return TwilioSimulatorEndpoints.Error(400, 21220, "The simulator supports only Status=canceled on a message update.");
        }

        return ledger.TryMoveFromScheduled(sid, MessageStatus.Canceled, time.GetUtcNow()) is { } canceled
            ? Results.Json(TwilioResourceJson.Message(canceled))
            : TwilioSimulatorEndpoints.Error(400, 30409, $"Message {sid} cannot be canceled: it is {message.Status.ToWireName()}, not scheduled.");
    }
}
