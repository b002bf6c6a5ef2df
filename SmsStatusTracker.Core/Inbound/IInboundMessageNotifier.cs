namespace SmsStatusTracker.Core.Inbound;

/// <summary>Tells whoever watches (the host's live pages) that an inbound message was stored. Must not throw.</summary>
public interface IInboundMessageNotifier
{
    Task InboundReceivedAsync(InboundMessage message, CancellationToken cancellationToken);
}
