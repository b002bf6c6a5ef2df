using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>The absolute URL of the message log filtered by a query; the host knows the route and the public address.</summary>
public interface IMessageLogLinks
{
    string For(MessageQuery query);
}
