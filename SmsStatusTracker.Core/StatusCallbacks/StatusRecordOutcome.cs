namespace SmsStatusTracker.Core.StatusCallbacks;

public enum StatusRecordOutcome
{
    /// <summary>Stored on its message (applied, or kept in the history as duplicate or late).</summary>
    Recorded,

    /// <summary>Its message is not known yet: kept durably and applied once the message appears.</summary>
    Parked,

    /// <summary>
    /// The same report as one already recorded (a retry or a replay): acknowledged, but neither stored again
    /// nor broadcast.
    /// </summary>
    Repeated,
}
