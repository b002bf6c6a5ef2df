using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// Insights for a window. <see cref="From"/> and <see cref="To"/> are the window actually counted: the asked window
/// widened to whole minutes, and to whole hours where it reaches back past <see cref="InsightGrains.MinuteHorizon"/>.
/// </summary>
public sealed record InsightsAnswer
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required InsightFilter Filter { get; init; }

    /// <summary>Messages created in the window.</summary>
    public long Total { get; init; }

    /// <summary>Of those, not final yet.</summary>
    public long Open { get; init; }

    public required IReadOnlyDictionary<InsightOutcome, long> Finals { get; init; }

    /// <summary>Delivered out of every message that reached a final status; null when none did.</summary>
    public double? DeliveryRate => FinalCount == 0 ? null : (double)Finals.GetValueOrDefault(InsightOutcome.Delivered) / FinalCount;

    public long FinalCount => Finals.Values.Sum();

    public required IReadOnlyList<InsightSeriesPoint> Series { get; init; }

    /// <summary>Messages per error code, most frequent first.</summary>
    public required IReadOnlyList<InsightErrorCount> Errors { get; init; }

    /// <summary>Delivered messages: created → sent (Twilio accepting and handing over).</summary>
    public required InsightLatency TwilioTime { get; init; }

    /// <summary>Delivered messages: sent → the carrier's done date (<c>RawDlrDoneDate</c>, minute precision).</summary>
    public required InsightLatency CarrierTime { get; init; }

    /// <summary>Delivered messages: created → delivered as we recorded it.</summary>
    public required InsightLatency TotalTime { get; init; }

    /// <summary>Final callbacks: the carrier's done date → the callback reaching us.</summary>
    public required InsightLatency CallbackLag { get; init; }

    /// <summary>Messages created in the window before <see cref="StuckBefore"/> and still not final.</summary>
    public long Stuck { get; init; }

    public DateTimeOffset StuckBefore { get; init; }

    public required InsightTruthAudit Audit { get; init; }
}

/// <summary>One point of the series: messages created in [<see cref="Start"/>, <see cref="End"/>).</summary>
public sealed record InsightSeriesPoint(DateTimeOffset Start, DateTimeOffset End, long Total, long Delivered, long Final)
{
    public double? DeliveryRate => Final == 0 ? null : (double)Delivered / Final;
}

public sealed record InsightErrorCount(int Code, long Count, TwilioErrorExplanation Explanation);

/// <summary>Percentiles read from a log-scale histogram (<see cref="LatencyHistogram"/>): upper bounds, within 25 %.</summary>
public sealed record InsightLatency(long Count, TimeSpan? P50, TimeSpan? P95, TimeSpan? P99);

/// <summary>
/// Who told us the truth about the window's final messages: a status callback, reconciliation polling (the callback
/// never came), or something else (the send response, e.g. a send refused at once). <see cref="Corrected"/> counts
/// messages whose status polling moved; <see cref="GaveUp"/> those reconciliation stopped asking about.
/// </summary>
public sealed record InsightTruthAudit(long SettledByCallback, long SettledByPoll, long SettledOtherwise, long Corrected, long GaveUp);
