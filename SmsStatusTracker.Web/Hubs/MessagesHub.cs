using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Hubs;

/// <summary>
/// The live feed of message changes (<see cref="MessageFeedEvents.MessageChanged"/>). Clients only listen;
/// the server pushes after every stored change. Signed-in users and API keys; each connection is re-checked
/// by <see cref="FeedConnectionRevalidator"/> and closed when its user or key loses the right.
/// </summary>
[Authorize(Policy = MessageFeedAuthorization.Policy)]
public sealed class MessagesHub(FeedConnections connections) : Hub
{
    public const string Path = "/hubs/messages";

    public override Task OnConnectedAsync()
    {
        // This instance's own relay proves itself with a per-process key; there is no account to re-check.
        if (Context.User?.Identity?.AuthenticationType != MessageFeedAuthorization.RelayScheme)
        {
            connections.Add(Context, Context.User.ToActor());
        }

        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
