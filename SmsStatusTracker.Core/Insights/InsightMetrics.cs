using System.Globalization;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// What one message counts for in the rollups, as a pure function of the stored message: every counter of its creation
/// time's buckets. A store applies each change's difference (<see cref="InsightRollupChange"/>) (what the new version counts minus what the old one
/// did), so the rollups always equal a recount of the stored messages, however callbacks arrived (late, twice, out of
/// order, or corrected by polling). Counter names are plain words and digits, safe as MongoDB field names.
/// </summary>
public static class InsightMetrics
{
    public const string Total = "total";
    public const string Open = "open";
    public const string FinalPrefix = "final_";
    public const string ErrorPrefix = "err_";
    public const string SettledByCallback = "settled_callback";
    public const string SettledByPoll = "settled_poll";
    public const string SettledOtherwise = "settled_other";
    public const string CorrectedByPoll = "corrected";
    public const string GaveUp = "gaveup";
    public const string TwilioTimePrefix = "tw_";
    public const string CarrierTimePrefix = "ca_";
    public const string TotalTimePrefix = "td_";
    public const string CallbackLagPrefix = "lag_";

    /// <summary>The counters <paramref name="message"/> adds to its buckets.</summary>
    public static Dictionary<string, long> Of(Message message)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { [Total] = 1 };
        if (message.ErrorCode is { } code)
        {
            counts[ErrorPrefix + code.ToString(CultureInfo.InvariantCulture)] = 1;
        }

        if (message.History.Any(e => e.Outcome == StatusEventOutcome.Applied && e.Source == StatusEventSource.Poll))
        {
            counts[CorrectedByPoll] = 1;
        }

        if (message.ReconciliationGaveUpAt is not null)
        {
            counts[GaveUp] = 1;
        }

        if (!message.IsFinal)
        {
            counts[Open] = 1;
            return counts;
        }

        counts[FinalPrefix + InsightOutcomes.Of(message.Status).ToString().ToLowerInvariant()] = 1;
        var settling = SettlingEvent(message);
        counts[settling?.Source switch
        {
            StatusEventSource.Callback or StatusEventSource.Simulator => SettledByCallback,
            StatusEventSource.Poll => SettledByPoll,
            _ => SettledOtherwise,
        }] = 1;

        var hasDoneDate = CarrierDoneDate.TryParse(message.RawDlrDoneDate, out var doneAt);
        if (settling is { Source: StatusEventSource.Callback or StatusEventSource.Simulator } && hasDoneDate)
        {
            Add(counts, CallbackLagPrefix, settling.ReceivedAt - doneAt);
        }

        if (InsightOutcomes.Of(message.Status) == InsightOutcome.Delivered)
        {
            if (message.SentAt is { } sentAt)
            {
                Add(counts, TwilioTimePrefix, sentAt - message.CreatedAt);
            }

            if (CarrierDoneDate.Latency(message.SentAt, message.RawDlrDoneDate) is { } carrier)
            {
                Add(counts, CarrierTimePrefix, carrier);
            }

            if (message.DeliveredAt is { } deliveredAt)
            {
                Add(counts, TotalTimePrefix, deliveredAt - message.CreatedAt);
            }
        }

        return counts;
    }

    /// <summary>
    /// The observation that made the message final: the first applied final status in its history (a later <c>read</c>
    /// does not re-settle a delivered message). Folding keeps the entry of the current status, so this is found unless
    /// the message moved on to read and the delivered entry was folded away; then the current one answers.
    /// </summary>
    public static StatusEvent? SettlingEvent(Message message) =>
        message.History.FirstOrDefault(e => e.Outcome == StatusEventOutcome.Applied && e.Status is { } s && StatusRank.IsFinal(s))
        ?? message.History.LastOrDefault(e => e.Outcome == StatusEventOutcome.Applied && e.Status == message.Status);

    private static void Add(Dictionary<string, long> counts, string prefix, TimeSpan duration)
    {
        var bucket = LatencyHistogram.BucketOf(duration < TimeSpan.Zero ? TimeSpan.Zero : duration);
        counts[prefix + bucket.ToString(CultureInfo.InvariantCulture)] = 1;
    }
}
