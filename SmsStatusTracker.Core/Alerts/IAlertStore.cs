namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// Alert rules and their occurrences. The evaluator keeps no state in memory: whether a rule is firing is whether it
/// has an open occurrence here, so a restarted or newly elected evaluator carries on where the last one stopped.
/// </summary>
public interface IAlertStore
{
    Task<IReadOnlyList<AlertRule>> ListRulesAsync(CancellationToken cancellationToken);

    Task<AlertRule?> FindRuleAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the rule with this id.</summary>
    Task SaveRuleAsync(AlertRule rule, CancellationToken cancellationToken);

    /// <summary>False when no rule has this id. Its occurrences stay (the evaluator resolves an open one).</summary>
    Task<bool> DeleteRuleAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="occurrence"/> (open) unless its rule already has an open occurrence; one atomic write, so
    /// of two evaluators firing at once only one gets true.
    /// </summary>
    Task<bool> TryOpenAsync(AlertOccurrence occurrence, CancellationToken cancellationToken);

    /// <summary>Resolves the rule's open occurrence and returns it resolved; null when it had none (already resolved).</summary>
    Task<AlertOccurrence?> ResolveAsync(Guid ruleId, DateTimeOffset at, AlertMeasurement? measurement, CancellationToken cancellationToken);

    /// <summary>Every open occurrence, newest fired first.</summary>
    Task<IReadOnlyList<AlertOccurrence>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>The latest occurrences, open or resolved, newest fired first.</summary>
    Task<IReadOnlyList<AlertOccurrence>> ListRecentAsync(int limit, CancellationToken cancellationToken);
}
