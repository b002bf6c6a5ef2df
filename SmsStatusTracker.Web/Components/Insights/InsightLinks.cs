using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Web.Components.Insights;

/// <summary>
/// Links from an insights number to the message log showing those messages: the answer's window (creation time) and
/// filter, plus what the number counts. The log filters by sender and error code; it has no operator or country
/// filter, so those links show the window's messages of every operator or country (<see cref="LogCanFilter"/>).
/// </summary>
public static class InsightLinks
{
    public static bool LogCanFilter(InsightFilter filter) => filter.Dimension is InsightDimension.All or InsightDimension.Sender or InsightDimension.ErrorCode;

    public static string Log(InsightsAnswer answer, IReadOnlyCollection<MessageStatus>? statuses = null, int? errorCode = null) =>
        Log(answer.Filter, answer.From, answer.To, statuses, errorCode);

    public static string Log(InsightFilter filter, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<MessageStatus>? statuses = null, int? errorCode = null)
    {
        var query = new MessageQuery
        {
            Since = from,
            Until = to,
            Statuses = statuses ?? [],
            From = filter.Dimension == InsightDimension.Sender ? filter.Value : null,
            ErrorCode = errorCode ?? (filter.Dimension == InsightDimension.ErrorCode && int.TryParse(filter.Value, out var code) ? code : null),
            Sort = MessageSort.NewestFirst,
        };
        return "messages" + MessageQueryString.Format(query);
    }

    public static string Outcome(InsightsAnswer answer, InsightOutcome outcome) => Log(answer, InsightOutcomes.Statuses(outcome));

    public static string Open(InsightsAnswer answer) => Log(answer, InsightOutcomes.Open);

    public static string Stuck(InsightsAnswer answer) => Log(answer.Filter, answer.From, answer.StuckBefore, InsightOutcomes.Open);

    public static string Point(InsightsAnswer answer, InsightSeriesPoint point, IReadOnlyCollection<MessageStatus>? statuses = null) =>
        Log(answer.Filter, point.Start, point.End, statuses);
}
