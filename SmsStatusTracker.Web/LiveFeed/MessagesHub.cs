using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// The live feed of message changes (<see cref="MessageFeedEvents.MessageChanged"/>, or with <c>?batch=1</c>
/// <see cref="MessageFeedEvents.MessagesChanged"/>: see <see cref="MessageFeedGroups"/>) for clients outside the app
/// (integrations with an API key, or a signed-in browser script). Clients only listen; <see cref="MessageChangePublisher"/>
/// pushes after every stored change. Each connection is re-checked by <see cref="FeedConnectionRevalidator"/> and
/// closed when its user or key loses the right. The app's own pages do not listen here: they get changes in-process.
/// </summary>
[Authorize(Policy = MessageFeedAuthorization.Policy)]
public sealed class MessagesHub(FeedConnections connections, ActorAuthorizer authorizer) : Hub
{
    public const string Path = Hosting.RoutePrefixes.Hubs + "/messages";

    /// <summary>The same hub for a client that takes several changes per frame.</summary>
    public const string BatchedPath = Path + "?" + MessageFeedGroups.BatchParameter + "=1";

    public override async Task OnConnectedAsync()
    {
        // A cookie issued before a deactivation or role change still authenticates until its stamp is next checked:
        // confirm the caller against the store before it hears anything.
        var actor = Context.User.ToActor();
        var check = await authorizer.CheckAsync(actor, AppPermission.ViewMessages, Context.ConnectionAborted);
        if (check.User is null)
        {
            Context.Abort();
            return;
        }

        // Tracked before it joins a group, so the revalidator can close it from the first frame it could hear.
        connections.Add(Context, actor);
        await Groups.AddToGroupAsync(Context.ConnectionId, MessageFeedGroups.For(Context.GetHttpContext()?.Request.Query), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
