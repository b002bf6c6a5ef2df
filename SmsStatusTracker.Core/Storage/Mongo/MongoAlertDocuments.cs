using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Core.Storage.Mongo;

// Spelled out, like MongoDocuments: kinds are strings, times UTC BSON dates, durations milliseconds.

[BsonIgnoreExtraElements]
internal sealed class AlertRuleDocument
{
    [BsonId]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    [BsonElement("name")]
    public string Name { get; set; } = "";

    [BsonElement("enabled")]
    public bool Enabled { get; set; }

    [BsonElement("kind")]
    public string Kind { get; set; } = "";

    [BsonElement("windowMs")]
    public long WindowMs { get; set; }

    [BsonElement("threshold")]
    public double Threshold { get; set; }

    [BsonElement("minimumSample")]
    public int MinimumSample { get; set; }

    [BsonElement("errorCode")]
    [BsonIgnoreIfNull]
    public int? ErrorCode { get; set; }

    [BsonElement("ageMs")]
    [BsonIgnoreIfNull]
    public long? AgeMs { get; set; }

    [BsonElement("recipients")]
    public List<string> Recipients { get; set; } = [];

    [BsonElement("updatedAt")]
    public DateTime UpdatedAt { get; set; }

    [BsonElement("updatedBy")]
    [BsonIgnoreIfNull]
    public string? UpdatedBy { get; set; }

    public static AlertRuleDocument From(AlertRule rule) => new()
    {
        Id = rule.Id,
        Name = rule.Name,
        Enabled = rule.Enabled,
        Kind = rule.Kind.ToString(),
        WindowMs = (long)rule.Window.TotalMilliseconds,
        Threshold = rule.Threshold,
        MinimumSample = rule.MinimumSample,
        ErrorCode = rule.ErrorCode,
        AgeMs = rule.Age is { } age ? (long)age.TotalMilliseconds : null,
        Recipients = [.. rule.Recipients],
        UpdatedAt = rule.UpdatedAt.UtcDateTime,
        UpdatedBy = rule.UpdatedBy,
    };

    public AlertRule ToRule() => new()
    {
        Id = Id,
        Name = Name,
        Enabled = Enabled,
        Kind = Enum.Parse<AlertRuleKind>(Kind),
        Window = TimeSpan.FromMilliseconds(WindowMs),
        Threshold = Threshold,
        MinimumSample = MinimumSample,
        ErrorCode = ErrorCode,
        Age = AgeMs is { } age ? TimeSpan.FromMilliseconds(age) : null,
        Recipients = Recipients,
        UpdatedAt = MongoAlertTimes.Read(UpdatedAt),
        UpdatedBy = UpdatedBy,
    };
}

[BsonIgnoreExtraElements]
internal sealed class AlertOccurrenceDocument
{
    [BsonId]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    [BsonElement("ruleId")]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid RuleId { get; set; }

    [BsonElement("ruleName")]
    public string RuleName { get; set; } = "";

    [BsonElement("kind")]
    public string Kind { get; set; } = "";

    [BsonElement("errorCode")]
    [BsonIgnoreIfNull]
    public int? ErrorCode { get; set; }

    /// <summary>True while unresolved: the unique partial index on ruleId covers open occurrences only.</summary>
    [BsonElement("open")]
    public bool Open { get; set; }

    [BsonElement("firedAt")]
    public DateTime FiredAt { get; set; }

    [BsonElement("fired")]
    public AlertMeasurementDocument Fired { get; set; } = new();

    [BsonElement("resolvedAt")]
    [BsonIgnoreIfNull]
    public DateTime? ResolvedAt { get; set; }

    [BsonElement("resolved")]
    [BsonIgnoreIfNull]
    public AlertMeasurementDocument? Resolved { get; set; }

    public static AlertOccurrenceDocument From(AlertOccurrence occurrence) => new()
    {
        Id = occurrence.Id,
        RuleId = occurrence.RuleId,
        RuleName = occurrence.RuleName,
        Kind = occurrence.Kind.ToString(),
        ErrorCode = occurrence.ErrorCode,
        Open = occurrence.ResolvedAt is null,
        FiredAt = occurrence.FiredAt.UtcDateTime,
        Fired = AlertMeasurementDocument.From(occurrence.Fired),
        ResolvedAt = occurrence.ResolvedAt?.UtcDateTime,
        Resolved = occurrence.Resolved is { } resolved ? AlertMeasurementDocument.From(resolved) : null,
    };

    public AlertOccurrence ToOccurrence() => new()
    {
        Id = Id,
        RuleId = RuleId,
        RuleName = RuleName,
        Kind = Enum.Parse<AlertRuleKind>(Kind),
        ErrorCode = ErrorCode,
        FiredAt = MongoAlertTimes.Read(FiredAt),
        Fired = Fired.ToMeasurement(),
        ResolvedAt = ResolvedAt is { } at ? MongoAlertTimes.Read(at) : null,
        Resolved = Resolved?.ToMeasurement(),
    };
}

[BsonIgnoreExtraElements]
internal sealed class AlertMeasurementDocument
{
    [BsonElement("value")]
    public double Value { get; set; }

    [BsonElement("threshold")]
    public double Threshold { get; set; }

    [BsonElement("sample")]
    public long Sample { get; set; }

    [BsonElement("windowStart")]
    public DateTime WindowStart { get; set; }

    [BsonElement("windowEnd")]
    public DateTime WindowEnd { get; set; }

    public static AlertMeasurementDocument From(AlertMeasurement measurement) => new()
    {
        Value = measurement.Value,
        Threshold = measurement.Threshold,
        Sample = measurement.Sample,
        WindowStart = measurement.WindowStart.UtcDateTime,
        WindowEnd = measurement.WindowEnd.UtcDateTime,
    };

    public AlertMeasurement ToMeasurement() =>
        new(Value, Threshold, Sample, MongoAlertTimes.Read(WindowStart), MongoAlertTimes.Read(WindowEnd));
}

internal static class MongoAlertTimes
{
    public static DateTimeOffset Read(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
