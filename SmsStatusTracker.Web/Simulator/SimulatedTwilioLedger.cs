using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>One callback delivery attempt: what was sent and how the app answered (0 when it could not be reached).</summary>
public sealed record CallbackAttempt(string Sid, string Status, int Attempt, int HttpStatus, DateTimeOffset At);

/// <summary>
/// The simulated Twilio's state: messages it created and every callback it tried to deliver. Bounded by
/// <see cref="SimulatorSettings.MaxMessages"/>: when full, the oldest settled message makes room; a message
/// still in flight is never forgotten (its next status change needs it), so a ledger full of those refuses.
/// </summary>
public sealed class SimulatedTwilioLedger(SimulatorSettings settings)
{
    /// <summary>Callback attempts kept per message the ledger can hold (a life of four steps, retried, duplicated).</summary>
    public const int AttemptsPerMessage = 8;

    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<SimulatedMessage>> bySid = new(StringComparer.Ordinal);
    private readonly LinkedList<SimulatedMessage> oldestFirst = new();
    private readonly Queue<CallbackAttempt> attempts = new();

    public IReadOnlyCollection<SimulatedMessage> Messages
    {
        get
        {
            lock (gate)
            {
                return [.. oldestFirst];
            }
        }
    }

    public IReadOnlyCollection<CallbackAttempt> CallbackAttempts
    {
        get
        {
            lock (gate)
            {
                return [.. attempts];
            }
        }
    }

    /// <summary>Keeps <paramref name="message"/>; false when the ledger is full of messages still in flight.</summary>
    public bool TryAdd(SimulatedMessage message)
    {
        lock (gate)
        {
            if (bySid.TryGetValue(message.Sid, out var existing))
            {
                existing.Value = message;
                return true;
            }

            if (bySid.Count >= Math.Max(1, settings.MaxMessages) && !EvictOldestSettled())
            {
                return false;
            }

            bySid[message.Sid] = oldestFirst.AddLast(message);
            return true;
        }
    }

    public SimulatedMessage? Find(string sid)
    {
        lock (gate)
        {
            return bySid.TryGetValue(sid, out var node) ? node.Value : null;
        }
    }

    public SimulatedMessage Advance(string sid, SimulatedStep step, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!bySid.TryGetValue(sid, out var node))
            {
                throw new InvalidOperationException($"Unknown simulated message {sid}.");
            }

            var current = node.Value;
            node.Value = current with
            {
                Status = step.Status,
                ErrorCode = step.ErrorCode ?? current.ErrorCode,
                UpdatedAt = at,
                SentAt = current.SentAt ?? (step.Status == MessageStatus.Sent ? at : null),
            };
            return node.Value;
        }
    }

    /// <summary>
    /// Moves a <c>scheduled</c> message to <paramref name="to"/> (queued when it is due, canceled on request) and returns
    /// it; null when it is not scheduled (any more), so a cancel and the release at its time never both win.
    /// </summary>
    public SimulatedMessage? TryMoveFromScheduled(string sid, MessageStatus to, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!bySid.TryGetValue(sid, out var node) || node.Value.Status != MessageStatus.Scheduled)
            {
                return null;
            }

            node.Value = node.Value with { Status = to, UpdatedAt = at };
            return node.Value;
        }
    }

    public void RecordAttempt(CallbackAttempt attempt)
    {
        lock (gate)
        {
            attempts.Enqueue(attempt);
            while (attempts.Count > AttemptsPerMessage * Math.Max(1, settings.MaxMessages))
            {
                attempts.Dequeue();
            }
        }
    }

    // Oldest first, so the scan usually stops at the first node: old messages have long settled.
    private bool EvictOldestSettled()
    {
        for (var node = oldestFirst.First; node is not null; node = node.Next)
        {
            if (StatusRank.IsFinal(node.Value.Status))
            {
                bySid.Remove(node.Value.Sid);
                oldestFirst.Remove(node);
                return true;
            }
        }

        return false;
    }
}
