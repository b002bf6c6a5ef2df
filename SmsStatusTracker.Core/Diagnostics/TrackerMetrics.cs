using System.Diagnostics.Metrics;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Diagnostics;

/// <summary>
/// The app's instruments on the <c>SmsStatusTracker</c> meter (OpenTelemetry: <c>AddMeter("SmsStatusTracker")</c>).
/// Tags are low-cardinality on purpose: statuses, sources, outcomes and reasons, never ids or numbers.
/// </summary>
public sealed class TrackerMetrics
{
    public const string MeterName = "SmsStatusTracker";

    private readonly Counter<long> callbacksAccepted;
    private readonly Counter<long> callbacksRejected;
    private readonly Counter<long> observations;
    private readonly Counter<long> transitions;
    private readonly Counter<long> sends;
    private readonly Histogram<double> timeToFinal;
    private readonly Counter<long> reconciliations;
    private readonly Counter<long> parkedExpired;
    private long parkedNow = -1;

    public TrackerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        callbacksAccepted = meter.CreateCounter<long>("smsstatus.callbacks.accepted", "{callback}", "Status callbacks answered 200 (durably stored).");
        callbacksRejected = meter.CreateCounter<long>("smsstatus.callbacks.rejected", "{callback}", "Status callbacks refused, by reason.");
        observations = meter.CreateCounter<long>("smsstatus.status.observations", "{observation}", "Status observations recorded, by source and outcome (applied, duplicate, late, unrecognized; repeat: identical to one recorded, not stored).");
        transitions = meter.CreateCounter<long>("smsstatus.status.transitions", "{transition}", "Stored status changes, by from and to status and the source that caused them.");
        sends = meter.CreateCounter<long>("smsstatus.sends", "{message}", "Send attempts by outcome: accepted, rejected, unknown.");
        timeToFinal = meter.CreateHistogram<double>("smsstatus.time_to_final", "s", "Time from storing a message before sending to its first final status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400] });
        reconciliations = meter.CreateCounter<long>("smsstatus.reconciliation.checks", "{check}", "Reconciliation look-ups at Twilio, by result.");
        parkedExpired = meter.CreateCounter<long>("smsstatus.callbacks.parked.expired", "{callback}", "Parked callbacks dropped because no message with their SID appeared in time.");
        meter.CreateObservableGauge("smsstatus.callbacks.parked", ObserveParked, "{callback}", "Callbacks parked for a SID no message carries yet, as of the last purge pass.");
    }

    public void CallbackAccepted() => callbacksAccepted.Add(1);

    /// <param name="reason">signature, account, content_type, too_large, malformed, invalid, store_unavailable, error.</param>
    public void CallbackRejected(string reason) => callbacksRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>An observation identical to one already recorded: acknowledged, not stored again, not broadcast.</summary>
    public void Repeated(StatusEventSource source) => observations.Add(1,
        new KeyValuePair<string, object?>("source", Name(source)),
        new KeyValuePair<string, object?>("outcome", "repeat"));

    public void ParkedExpired(int count)
    {
        if (count > 0)
        {
            parkedExpired.Add(count);
        }
    }

    /// <summary>The number of parked callbacks just counted in the store.</summary>
    public void Parked(long count) => Interlocked.Exchange(ref parkedNow, count);

    public void Reconciled(string result) => reconciliations.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts what one stored change did: its new observations, its status move, a send's outcome, time to final.</summary>
    public void Changed(Message before, Message after)
    {
        // Counted on the whole history, folded entries included, so folding never hides a new observation.
        var addedCount = after.History.Count + after.FoldedHistoryCount - before.History.Count - before.FoldedHistoryCount;
        foreach (var added in after.History.TakeLast(Math.Clamp(addedCount, 0, after.History.Count)))
        {
            observations.Add(1,
                new KeyValuePair<string, object?>("source", Name(added.Source)),
                new KeyValuePair<string, object?>("outcome", added.Outcome.ToString().ToLowerInvariant()));
            if (SendOutcome(added) is { } outcome)
            {
                sends.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            }
        }

        if (before.Status != after.Status)
        {
            var cause = after.History.LastOrDefault(h => h.Outcome == StatusEventOutcome.Applied)?.Source;
            transitions.Add(1,
                new KeyValuePair<string, object?>("from", before.Status.ToWireName()),
                new KeyValuePair<string, object?>("to", after.Status.ToWireName()),
                new KeyValuePair<string, object?>("source", cause is { } source ? Name(source) : "unknown"));
        }

        if (!before.IsFinal && after.IsFinal)
        {
            var finalAt = after.History.LastOrDefault(h => h.Outcome == StatusEventOutcome.Applied)?.ReceivedAt ?? after.UpdatedAt;
            timeToFinal.Record(Math.Max(0, (finalAt - after.CreatedAt).TotalSeconds), new KeyValuePair<string, object?>("status", after.Status.ToWireName()));
        }
    }

    private IEnumerable<Measurement<long>> ObserveParked() =>
        Interlocked.Read(ref parkedNow) is >= 0 and var count ? [new Measurement<long>(count)] : [];

    // Twilio's send response (accepted or refused) and the local "may or may not have been sent" verdict.
    private static string? SendOutcome(StatusEvent added) => added switch
    {
        { Source: StatusEventSource.SendResponse, Status: MessageStatus.Failed } => "rejected",
        { Source: StatusEventSource.SendResponse } => "accepted",
        { Source: StatusEventSource.Local, Status: MessageStatus.OutcomeUnknown } => "unknown",
        _ => null,
    };

    private static string Name(StatusEventSource source) => source switch
    {
        StatusEventSource.SendResponse => "send_response",
        _ => source.ToString().ToLowerInvariant(),
    };
}
