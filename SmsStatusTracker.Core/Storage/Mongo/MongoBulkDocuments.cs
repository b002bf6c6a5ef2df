using MongoDB.Bson.Serialization.Attributes;
using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>A bulk job as stored in <c>bulk_jobs</c>; <c>_id</c> is the job id in "N" form.</summary>
[BsonIgnoreExtraElements]
internal sealed class BulkJobDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("ownerUserId")]
    public string OwnerUserId { get; set; } = "";

    [BsonElement("ownerApiKeyId")]
    [BsonIgnoreIfNull]
    public string? OwnerApiKeyId { get; set; }

    [BsonElement("createdBy")]
    public string CreatedBy { get; set; } = "";

    [BsonElement("source")]
    public string Source { get; set; } = "";

    [BsonElement("state")]
    public string State { get; set; } = "";

    [BsonElement("pausedReason")]
    [BsonIgnoreIfNull]
    public string? PausedReason { get; set; }

    [BsonElement("createdAt")]
    public DateTime CreatedAt { get; set; }

    [BsonElement("updatedAt")]
    public DateTime UpdatedAt { get; set; }

    [BsonElement("completedAt")]
    [BsonIgnoreIfNull]
    public DateTime? CompletedAt { get; set; }

    [BsonElement("totalRows")]
    public int TotalRows { get; set; }

    public static BulkJobDocument From(BulkJob job) => new()
    {
        Id = job.Id.ToString("N"),
        OwnerUserId = job.OwnerUserId,
        OwnerApiKeyId = job.OwnerApiKeyId?.ToString("N"),
        CreatedBy = job.CreatedBy,
        Source = job.Source,
        State = job.State.ToString(),
        PausedReason = job.PausedReason,
        CreatedAt = job.CreatedAt.UtcDateTime,
        UpdatedAt = job.UpdatedAt.UtcDateTime,
        CompletedAt = job.CompletedAt?.UtcDateTime,
        TotalRows = job.TotalRows,
    };

    public BulkJob ToJob() => new()
    {
        Id = Guid.ParseExact(Id, "N"),
        OwnerUserId = OwnerUserId,
        OwnerApiKeyId = OwnerApiKeyId is null ? null : Guid.ParseExact(OwnerApiKeyId, "N"),
        CreatedBy = CreatedBy,
        Source = Source,
        State = Enum.Parse<BulkJobState>(State),
        PausedReason = PausedReason,
        CreatedAt = Utc(CreatedAt),
        UpdatedAt = Utc(UpdatedAt),
        CompletedAt = CompletedAt is { } done ? Utc(done) : null,
        TotalRows = TotalRows,
    };

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>A bulk row as stored in <c>bulk_rows</c>; <c>_id</c> is job and row number, so a repeated insert is a duplicate key.</summary>
[BsonIgnoreExtraElements]
internal sealed class BulkRowDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    [BsonElement("jobId")]
    public string JobId { get; set; } = "";

    [BsonElement("row")]
    public int RowNumber { get; set; }

    [BsonElement("to")]
    public string To { get; set; } = "";

    [BsonElement("body")]
    public string Body { get; set; } = "";

    [BsonElement("resentFromId")]
    [BsonIgnoreIfNull]
    public string? ResentFromId { get; set; }

    [BsonElement("outcome")]
    public string Outcome { get; set; } = "";

    [BsonElement("error")]
    [BsonIgnoreIfNull]
    public string? Error { get; set; }

    [BsonElement("messageId")]
    [BsonIgnoreIfNull]
    public string? MessageId { get; set; }

    public static string IdOf(Guid jobId, int rowNumber) => $"{jobId:N}:{rowNumber:D9}";

    public static BulkRowDocument From(BulkRow row) => new()
    {
        Id = IdOf(row.JobId, row.RowNumber),
        JobId = row.JobId.ToString("N"),
        RowNumber = row.RowNumber,
        To = row.To,
        Body = row.Body,
        ResentFromId = row.ResentFromId?.ToString("N"),
        Outcome = row.Outcome.ToString(),
        Error = row.Error,
        MessageId = row.MessageId?.ToString("N"),
    };

    public BulkRow ToRow() => new()
    {
        JobId = Guid.ParseExact(JobId, "N"),
        RowNumber = RowNumber,
        To = To,
        Body = Body,
        ResentFromId = ResentFromId is null ? null : Guid.ParseExact(ResentFromId, "N"),
        Outcome = Enum.Parse<BulkRowOutcome>(Outcome),
        Error = Error,
        MessageId = MessageId is null ? null : Guid.ParseExact(MessageId, "N"),
    };
}
