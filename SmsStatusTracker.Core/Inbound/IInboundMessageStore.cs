namespace SmsStatusTracker.Core.Inbound;

/// <summary>Where inbound messages are kept. One adapter per storage backend; the contract suite in the tests holds each to the same rules.</summary>
public interface IInboundMessageStore
{
    /// <summary>Stores <paramref name="message"/> durably; false when one with its SID is already stored (a retry), which is left as it was.
    /// Throws <see cref="Storage.StoreUnavailableException"/> when the store cannot take it now.</summary>
    Task<bool> AddAsync(InboundMessage message, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> messages from <paramref name="from"/>, oldest first.</summary>
    Task<IReadOnlyList<InboundMessage>> ListFromAsync(string from, int limit, CancellationToken cancellationToken);
}
