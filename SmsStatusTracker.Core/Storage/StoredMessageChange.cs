using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// One message write as a store commits it: <see cref="Before"/> is null when the message was inserted, otherwise the
/// stored version <see cref="After"/> replaced. Handed to the writes that must commit in the same transaction
/// (insights rollups, the outbound-webhook outbox), so neither the change nor what follows from it lands alone.
/// </summary>
public sealed record StoredMessageChange(Message? Before, Message After)
{
    public bool IsInsert => Before is null;

    /// <summary>True when the status or error code moved (the usual reason a companion has anything to write).</summary>
    public bool StatusChanged => Before is null || Before.Status != After.Status || Before.ErrorCode != After.ErrorCode;
}
