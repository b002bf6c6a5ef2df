namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// A condition an Admin wants to hear about: fires once when <see cref="AlertCondition.IsBreached"/> becomes true,
/// resolves once when <see cref="AlertCondition.IsCleared"/> (the hysteresis) holds. Checked by
/// <see cref="AlertRuleValidation"/> before it is stored.
/// </summary>
public sealed record AlertRule
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public bool Enabled { get; init; } = true;

    public required AlertRuleKind Kind { get; init; }

    /// <summary>How far back the rule looks (the messages it counts were created, or for callbacks missing accepted, in this window).</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>Fires when the measured value is above this: a percentage (failure rate), a count, or seconds (p95).</summary>
    public required double Threshold { get; init; }

    /// <summary>Failure rate and p95 only: fewer messages than this in the window never fire (and resolve an open alert).</summary>
    public int MinimumSample { get; init; }

    /// <summary><see cref="AlertRuleKind.ErrorCode"/> only: the Twilio error code counted.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Callbacks missing: how long after Twilio accepted a message no callback is missing yet; stuck: how long without a change is stuck.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>Email addresses told when the rule fires and resolves.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Who last changed the rule (an Admin's label).</summary>
    public string? UpdatedBy { get; init; }
}
