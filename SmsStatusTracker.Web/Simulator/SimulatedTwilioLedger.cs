using System.Collections.Concurrent;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>One callback delivery attempt: what was sent and how the app answered (0 when it could not be reached).</summary>
public sealed record CallbackAttempt(string Sid, string Status, int Attempt, int HttpStatus, DateTimeOffset At);

/// <summary>The simulated Twilio's state: messages it created and every callback it tried to deliver.</summary>
public sealed class SimulatedTwilioLedger
{
    private readonly ConcurrentDictionary<string, SimulatedMessage> messages = new();
    private readonly ConcurrentQueue<CallbackAttempt> attempts = new();

    public IReadOnlyCollection<SimulatedMessage> Messages => messages.Values.ToArray();

    public IReadOnlyCollection<CallbackAttempt> CallbackAttempts => attempts.ToArray();

    public void Add(SimulatedMessage message) => messages[message.Sid] = message;

    public SimulatedMessage? Find(string sid) => messages.GetValueOrDefault(sid);

    public SimulatedMessage Advance(string sid, SimulatedStep step, DateTimeOffset at) =>
        messages.AddOrUpdate(
            sid,
            _ => throw new InvalidOperationException($"Unknown simulated message {sid}."),
            (_, current) => current with
            {
                Status = step.Status,
                ErrorCode = step.ErrorCode ?? current.ErrorCode,
                UpdatedAt = at,
                SentAt = current.SentAt ?? (step.Status == MessageStatus.Sent ? at : null),
            });

    public void RecordAttempt(CallbackAttempt attempt) => attempts.Enqueue(attempt);
}
