namespace SmsStatusTracker.Core.Messages;

/// <summary>Where a status observation came from.</summary>
public enum StatusEventSource
{
    Local,
    SendResponse,
    Callback,
    Poll,
    Simulator,
}
