using System.Net.Mail;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>The one place an alert rule's fields are checked; errors are keyed by field, in words an Admin can act on.</summary>
public static class AlertRuleValidation
{
    public const int MaxNameLength = 100;
    public const int MaxRecipients = 20;
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public static Dictionary<string, string[]> Validate(AlertRule rule)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Trim().Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        if (rule.Window < MinWindow || rule.Window > MaxWindow)
        {
            errors["window"] = ["The window must be between 1 minute and 7 days."];
        }

        if (double.IsNaN(rule.Threshold) || double.IsInfinity(rule.Threshold) || rule.Threshold < 0)
        {
            errors["threshold"] = ["The threshold must be a number of at least 0."];
        }
        else if (rule.Kind == AlertRuleKind.FailureRate && rule.Threshold >= 100)
        {
            errors["threshold"] = ["A failure rate threshold is a percentage below 100."];
        }
        else if (rule.Kind == AlertRuleKind.DeliveryTimeP95 && rule.Threshold <= 0)
        {
            errors["threshold"] = ["A p95 threshold is a number of seconds above 0."];
        }

        if (rule.MinimumSample is < 0 or > 1_000_000)
        {
            errors["minimumSample"] = ["The minimum sample must be between 0 and 1,000,000 messages."];
        }

        if (rule.Kind == AlertRuleKind.ErrorCode && rule.ErrorCode is not (>= 1 and <= 999_999))
        {
            errors["errorCode"] = ["An error code rule needs the Twilio error code to count (e.g. 30007)."];
        }

        var needsAge = rule.Kind is AlertRuleKind.CallbacksMissing or AlertRuleKind.StuckMessages;
        if ((needsAge && rule.Age is null) || (rule.Age is { } age && (age < MinWindow || age > MaxWindow)))
        {
            errors["age"] = ["Callbacks missing and stuck messages need an age between 1 minute and 7 days."];
        }

        if (rule.Recipients.Count > MaxRecipients)
        {
            errors["recipients"] = [$"At most {MaxRecipients} recipients."];
        }
        else if (rule.Recipients.FirstOrDefault(r => !IsEmail(r)) is { } wrong)
        {
            errors["recipients"] = [$"'{(wrong.Length > 60 ? wrong[..60] + "…" : wrong)}' is not an email address."];
        }

        return errors;
    }

    /// <summary>Splits a typed list of addresses (commas, semicolons, spaces or new lines), dropping repeats.</summary>
    public static IReadOnlyList<string> ParseRecipients(string? typed) =>
        [.. (typed ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text.Trim() && text.Contains('@', StringComparison.Ordinal);
}

/// <summary>A rule was refused; <see cref="Errors"/> says which fields and why.</summary>
public sealed class AlertRuleInvalidException(Dictionary<string, string[]> errors)
    : Exception("The alert rule is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
