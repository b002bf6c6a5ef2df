using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Sending;

/// <summary>The message a send produced; <see cref="Replayed"/> when an earlier request with the same idempotency key produced it.</summary>
public sealed record SendOutcome(Message Message, bool Replayed);
