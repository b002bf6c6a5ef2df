namespace SmsStatusTracker.Core.Reconciliation;

/// <summary>What one look-up at Twilio did to an unsettled message.</summary>
public enum ReconciliationResult
{
    /// <summary>Twilio reports nothing new; asked again later.</summary>
    Unchanged,

    /// <summary>Twilio reported a later status that is not final yet.</summary>
    Progressed,

    /// <summary>Twilio reported a final status; the message is settled.</summary>
    Settled,

    /// <summary>A message whose send outcome was unknown was found at Twilio and now carries its SID.</summary>
    Linked,

    /// <summary>Twilio has no record of a message whose send outcome was unknown: marked failed.</summary>
    NeverCreated,

    /// <summary>Still not final after the horizon: marked unresolved and no longer looked up.</summary>
    GaveUp,

    /// <summary>Twilio or the store could not answer; asked again later.</summary>
    Error,
}

/// <summary>One message looked up in a reconciliation pass.</summary>
public sealed record ReconciliationCheck(Guid MessageId, ReconciliationResult Result);
