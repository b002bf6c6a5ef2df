namespace SmsStatusTracker.Core.StatusCallbacks;

public enum StatusRecordOutcome
{
    /// <summary>Stored on its message (applied, or kept in the history as duplicate or late).</summary>
    Recorded,

    /// <summary>Its message is not known yet: kept durably and applied once the message appears.</summary>
    Parked,
}
