namespace SmsStatusTracker.Core.Messages;

public enum MessageChangeKind
{
    Created,
    StatusChanged,
}

/// <summary>
/// Tells whoever watches (open dashboards, other instances) that a stored message changed.
/// Called only after the change is durable. Implemented outside Core (SignalR, in-process events).
/// </summary>
public interface IMessageChangeNotifier
{
    Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken);
}
