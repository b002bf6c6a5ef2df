using Microsoft.Extensions.Logging;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// One evaluation pass over every rule: measure, compare (<see cref="AlertCondition"/>), store the change, then tell
/// every <see cref="IAlertNotifier"/>. Holds no state between passes: a rule is firing when the store has an open
/// occurrence for it, and opening one is conditional in the store, so a pass repeated by a restarted or newly elected
/// evaluator neither fires twice nor forgets to resolve. Open alerts of rules that were disabled or deleted resolve.
/// </summary>
public sealed class AlertEvaluation(
    IAlertStore store,
    AlertMeasurer measurer,
    IEnumerable<IAlertNotifier> notifiers,
    IMessageLogLinks links,
    TimeProvider time,
    ILogger<AlertEvaluation> logger)
{
    private readonly IAlertNotifier[] notifiers = [.. notifiers];

    /// <summary>Runs a pass; returns the changes it made (each already stored and notified).</summary>
    public async Task<IReadOnlyList<AlertNotification>> RunPassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = await store.ListRulesAsync(cancellationToken);
        var open = (await store.ListOpenAsync(cancellationToken)).ToDictionary(o => o.RuleId);
        var changes = new List<AlertNotification>();
        foreach (var rule in rules.Where(r => r.Enabled))
        {
            try
            {
                if (await EvaluateAsync(rule, open.GetValueOrDefault(rule.Id), now, cancellationToken) is { } change)
                {
                    changes.Add(change);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One rule's failure (a store hiccup) must not keep the others from being evaluated.
                logger.LogError(exception, "Alert rule {Rule} could not be evaluated; it is tried again on the next pass", rule.Name);
            }
        }

        var enabled = rules.Where(r => r.Enabled).Select(r => r.Id).ToHashSet();
        foreach (var orphan in open.Values.Where(o => !enabled.Contains(o.RuleId)))
        {
            if (await store.ResolveAsync(orphan.RuleId, now, null, cancellationToken) is { } resolved)
            {
                changes.Add(await NotifyAsync(rules.FirstOrDefault(r => r.Id == orphan.RuleId), AlertChange.Resolved, resolved, now, cancellationToken));
            }
        }

        return changes;
    }

    private async Task<AlertNotification?> EvaluateAsync(AlertRule rule, AlertOccurrence? open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var measurement = await measurer.MeasureAsync(rule, now, cancellationToken);
        if (open is null && AlertCondition.IsBreached(rule, measurement))
        {
            var occurrence = new AlertOccurrence
            {
                Id = Guid.CreateVersion7(now),
                RuleId = rule.Id,
                RuleName = rule.Name,
                Kind = rule.Kind,
                ErrorCode = rule.ErrorCode,
                FiredAt = now,
                Fired = measurement,
            };
            if (!await store.TryOpenAsync(occurrence, cancellationToken))
            {
                return null;
            }

            logger.LogWarning("Alert {Rule} fired: {Value} above {Threshold} (sample {Sample}, {Start:o} to {End:o})",
                rule.Name, measurement.Value, measurement.Threshold, measurement.Sample, measurement.WindowStart, measurement.WindowEnd);
            return await NotifyAsync(rule, AlertChange.Fired, occurrence, now, cancellationToken);
        }

        if (open is not null && AlertCondition.IsCleared(rule, measurement)
            && await store.ResolveAsync(rule.Id, now, measurement, cancellationToken) is { } resolved)
        {
            logger.LogInformation("Alert {Rule} resolved: {Value} (threshold {Threshold}, sample {Sample})",
                rule.Name, measurement.Value, measurement.Threshold, measurement.Sample);
            return await NotifyAsync(rule, AlertChange.Resolved, resolved, now, cancellationToken);
        }

        return null;
    }

    private async Task<AlertNotification> NotifyAsync(AlertRule? rule, AlertChange change, AlertOccurrence occurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = AlertLogQuery.For(occurrence);
        var notification = new AlertNotification(rule, change, occurrence, now, query, links.For(query));
        foreach (var notifier in notifiers)
        {
            try
            {
                await notifier.NotifyAsync(notification, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "{Notifier} could not be told that alert {Rule} {Change}", notifier.GetType().Name, occurrence.RuleName, change);
            }
        }

        return notification;
    }
}
