namespace SmsStatusTracker.Core.Messages;

/// <summary>What applying one status observation did to its message.</summary>
public enum StatusEventOutcome
{
    /// <summary>The message moved to this status.</summary>
    Applied,

    /// <summary>Already seen (same status, or same idempotency token): nothing changed.</summary>
    Duplicate,

    /// <summary>Arrived after a later or final status: kept in the history, status unchanged.</summary>
    Late,

    /// <summary>A status string this version does not know: kept raw in the history, status unchanged.</summary>
    Unrecognized,
}
