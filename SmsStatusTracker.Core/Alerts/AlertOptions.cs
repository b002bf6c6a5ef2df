using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>The <c>Alerts</c> section: whether rules are evaluated, and how often.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Off: rules can still be edited, nothing is evaluated.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two evaluations of every rule (on the replica holding the alerts lease); pages re-read open alerts as often.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, AlertOptions options) =>
        options.EvaluationInterval < MinInterval || options.EvaluationInterval > MaxInterval
            ? ValidateOptionsResult.Fail($"Alerts:EvaluationInterval must be between {MinInterval} and {MaxInterval} (e.g. 00:00:30); it is {options.EvaluationInterval}.")
            : ValidateOptionsResult.Success;
}
