using System.Diagnostics.Metrics;
using SmsStatusTracker.Core.Diagnostics;

namespace SmsStatusTracker.Core.Retention;

/// <summary>The retention job's counters, on the app's meter (<see cref="TrackerMetrics.MeterName"/>).</summary>
public sealed class RetentionMetrics
{
    private readonly Counter<long> bodiesRedacted;
    private readonly Counter<long> messagesDeleted;

    public RetentionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TrackerMetrics.MeterName);
        bodiesRedacted = meter.CreateCounter<long>("smsstatus.retention.bodies_redacted", "{message}", "Message bodies emptied by Retention:MessageBodies.");
        messagesDeleted = meter.CreateCounter<long>("smsstatus.retention.messages_deleted", "{message}", "Messages deleted by Retention:Messages.");
    }

    public void BodiesRedacted(int count) => bodiesRedacted.Add(count);

    public void MessagesDeleted(int count) => messagesDeleted.Add(count);
}
