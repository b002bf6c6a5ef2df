using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>A status change the simulated carrier reports, with its error code when it is a failure.</summary>
public sealed record SimulatedStep(MessageStatus Status, int? ErrorCode = null);

/// <summary>
/// What happens to a message sent to a given number. Twilio's test-credential numbers are refused at
/// create time exactly as Twilio refuses them; numbers +1500555300X fail later, after being accepted.
/// </summary>
public static class SimulatedOutcome
{
    private static readonly Dictionary<string, (int Code, string Message)> Refusals = new()
    {
        ["+15005550001"] = (21211, "The 'To' number {0} is not a valid phone number."),
        ["+15005550002"] = (21612, "The 'To' phone number: {0}, is not currently reachable using the 'From' phone number via SMS."),
        ["+15005550003"] = (21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {0}."),
        ["+15005550004"] = (21610, "Attempt to send to unsubscribed recipient"),
        ["+15005550009"] = (21614, "'To' number {0} is not a mobile number"),
    };

    private static readonly Dictionary<string, SimulatedStep> LateFailures = new()
    {
        ["+15005553003"] = new(MessageStatus.Undelivered, 30003),
        ["+15005553005"] = new(MessageStatus.Undelivered, 30005),
        ["+15005553006"] = new(MessageStatus.Undelivered, 30006),
        ["+15005553007"] = new(MessageStatus.Undelivered, 30007),
        ["+15005553008"] = new(MessageStatus.Failed, 30008),
    };

    /// <summary>The error Twilio answers the create request with, or null when it accepts the message.</summary>
    public static (int Code, string Message)? RefusalFor(string to) =>
        Refusals.TryGetValue(to, out var refusal) ? (refusal.Code, string.Format(refusal.Message, to)) : null;

    /// <summary>
    /// The status changes after <c>queued</c>, in the order they happen. <paramref name="chaosFailure"/> (the
    /// simulator's <see cref="SimulatorSettings.FailureRate"/> chose to fail this message) makes any number end undelivered with that code.
    /// </summary>
    public static IReadOnlyList<SimulatedStep> StepsFor(string to, int? chaosFailure = null)
    {
        var failure = chaosFailure is { } code ? new SimulatedStep(MessageStatus.Undelivered, code) : LateFailures.GetValueOrDefault(to);
        if (failure is null)
        {
            return [new(MessageStatus.Sending), new(MessageStatus.Sent), new(MessageStatus.Delivered)];
        }

        return failure.Status == MessageStatus.Failed
            ? [new(MessageStatus.Sending), failure]
            : [new(MessageStatus.Sending), new(MessageStatus.Sent), failure];
    }
}
