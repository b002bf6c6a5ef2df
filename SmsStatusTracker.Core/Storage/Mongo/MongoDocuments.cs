using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

// The stored shape is spelled out here instead of mapping the domain records, so renaming a domain
// property never silently changes what is in the database. Times are UTC BSON dates (millisecond precision).
// Every document ignores elements it does not know and keeps enum values as strings, so during a rolling deploy
// the older version still reads what a newer one wrote (see MongoDocumentMapper for how unknown names read).

[BsonIgnoreExtraElements]
internal sealed class MessageDocument
{
    [BsonId]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    // Left out when null so the partial unique index on sid ignores messages Twilio has not named yet.
    [BsonElement("sid")]
    [BsonIgnoreIfNull]
    public string? Sid { get; set; }

    [BsonElement("to")]
    public string To { get; set; } = "";

    [BsonElement("from")]
    public string From { get; set; } = "";

    [BsonElement("body")]
    public string Body { get; set; } = "";

    [BsonElement("segments")]
    public int Segments { get; set; }

    /// <summary>The <see cref="SmsEncoding"/> name; a string so a name from a newer version still reads.</summary>
    [BsonElement("encoding")]
    public string Encoding { get; set; } = "";

    /// <summary>Twilio's wire name (<c>partially_delivered</c>), see <see cref="MessageStatusNames"/>.</summary>
    [BsonElement("status")]
    public string Status { get; set; } = "";

    [BsonElement("isFinal")]
    public bool IsFinal { get; set; }

    [BsonElement("errorCode")]
    [BsonIgnoreIfNull]
    public int? ErrorCode { get; set; }

    [BsonElement("errorMessage")]
    [BsonIgnoreIfNull]
    public string? ErrorMessage { get; set; }

    [BsonElement("sentBy")]
    public string SentBy { get; set; } = "";

    [BsonElement("createdAt")]
    public DateTime CreatedAt { get; set; }

    [BsonElement("updatedAt")]
    public DateTime UpdatedAt { get; set; }

    /// <summary>Lowercase trigrams of SID, recipient and body, for substring search through a multikey index.</summary>
    [BsonElement("searchGrams")]
    public IReadOnlyList<string> SearchGrams { get; set; } = [];

    [BsonElement("sentAt")]
    [BsonIgnoreIfNull]
    public DateTime? SentAt { get; set; }

    [BsonElement("deliveredAt")]
    [BsonIgnoreIfNull]
    public DateTime? DeliveredAt { get; set; }

    [BsonElement("rawDlrDoneDate")]
    [BsonIgnoreIfNull]
    public string? RawDlrDoneDate { get; set; }

    [BsonElement("resentFromId")]
    [BsonIgnoreIfNull]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid? ResentFromId { get; set; }

    [BsonElement("history")]
    public List<StatusEventDocument> History { get; set; } = [];

    // Absent (0) until the history was first folded; documents written before folding existed read as 0.
    [BsonElement("foldedHistoryCount")]
    [BsonIgnoreIfDefault]
    public int FoldedHistoryCount { get; set; }

    // Absent while reconciliation still tries; the unsettled query skips messages that carry it.
    [BsonElement("reconciliationGaveUpAt")]
    [BsonIgnoreIfNull]
    public DateTime? ReconciliationGaveUpAt { get; set; }

    // Absent for messages sent at once.
    [BsonElement("schedule")]
    [BsonIgnoreIfNull]
    public ScheduleDocument? Schedule { get; set; }

    [BsonElement("version")]
    public long Version { get; set; }
}

[BsonIgnoreExtraElements]
internal sealed class ScheduleDocument
{
    [BsonElement("sendAt")]
    public DateTime SendAt { get; set; }

    [BsonElement("requestedFor")]
    [BsonIgnoreIfNull]
    public DateTime? RequestedFor { get; set; }

    [BsonElement("viaTwilio")]
    public bool ViaTwilio { get; set; }

    [BsonElement("heldForQuietHours")]
    public bool HeldForQuietHours { get; set; }

    [BsonElement("userId")]
    public string UserId { get; set; } = "";

    [BsonElement("apiKeyId")]
    [BsonIgnoreIfNull]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid? ApiKeyId { get; set; }

    [BsonElement("claimedAt")]
    [BsonIgnoreIfNull]
    public DateTime? ClaimedAt { get; set; }

    [BsonElement("claimId")]
    [BsonIgnoreIfNull]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid? ClaimId { get; set; }
}

[BsonIgnoreExtraElements]
internal sealed class StatusEventDocument
{
    [BsonElement("rawStatus")]
    public string RawStatus { get; set; } = "";

    /// <summary>The <see cref="StatusEventSource"/> name; a string so a name from a newer version still reads.</summary>
    [BsonElement("source")]
    public string Source { get; set; } = "";

    [BsonElement("receivedAt")]
    public DateTime ReceivedAt { get; set; }

    [BsonElement("errorCode")]
    [BsonIgnoreIfNull]
    public int? ErrorCode { get; set; }

    [BsonElement("errorMessage")]
    [BsonIgnoreIfNull]
    public string? ErrorMessage { get; set; }

    [BsonElement("idempotencyToken")]
    [BsonIgnoreIfNull]
    public string? IdempotencyToken { get; set; }

    [BsonElement("rawDlrDoneDate")]
    [BsonIgnoreIfNull]
    public string? RawDlrDoneDate { get; set; }

    /// <summary>The <see cref="StatusEventOutcome"/> name; a string so a name from a newer version still reads.</summary>
    [BsonElement("outcome")]
    public string Outcome { get; set; } = "";
}

[BsonIgnoreExtraElements]
internal sealed class ParkedStatusEventDocument
{
    [BsonId]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid Id { get; set; }

    [BsonElement("sid")]
    public string Sid { get; set; } = "";

    /// <summary>Copy of <c>event.receivedAt</c>, kept top-level to sort on.</summary>
    [BsonElement("receivedAt")]
    public DateTime ReceivedAt { get; set; }

    [BsonElement("event")]
    public StatusEventDocument Event { get; set; } = new();
}
