namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// One firing of a rule, from the measurement that fired it to the one that resolved it. A rule has at most one open
/// occurrence (<see cref="ResolvedAt"/> null): the store enforces it, so a second evaluator cannot fire twice.
/// </summary>
public sealed record AlertOccurrence
{
    public required Guid Id { get; init; }

    public required Guid RuleId { get; init; }

    /// <summary>The rule's name when it fired (kept if the rule is renamed or deleted later).</summary>
    public required string RuleName { get; init; }

    public required AlertRuleKind Kind { get; init; }

    /// <summary>The rule's error code, for <see cref="AlertRuleKind.ErrorCode"/> (the log link filters on it).</summary>
    public int? ErrorCode { get; init; }

    public required DateTimeOffset FiredAt { get; init; }

    public required AlertMeasurement Fired { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The measurement that resolved it; null when it was resolved because its rule was disabled or deleted.</summary>
    public AlertMeasurement? Resolved { get; init; }

    public bool IsOpen => ResolvedAt is null;
}
