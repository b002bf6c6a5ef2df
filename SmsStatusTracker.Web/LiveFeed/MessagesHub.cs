using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// The live feed of message changes (<see cref="MessageFeedEvents.MessageChanged"/>) for clients outside the app
/// (integrations with an API key, or a signed-in browser script). Clients only listen; <see cref="MessageChangePublisher"/>
/// pushes after every stored change. Each connection is re-checked by <see cref="FeedConnectionRevalidator"/> and
/// closed when its user or key loses the right. The app's own pages do not listen here: they get changes in-process.
/// </summary>
[Authorize(Policy = MessageFeedAuthorization.Policy)]
public sealed class MessagesHub(FeedConnections connections) : Hub
{
    public const string Path = Hosting.RoutePrefixes.Hubs + "/messages";

    public override Task OnConnectedAsync()
    {
        connections.Add(Context, Context.User.ToActor());
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
