using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace SmsStatusTracker.Web.Hubs;

/// <summary>
/// The live feed of message changes (<see cref="MessageFeedEvents.MessageChanged"/>). Clients only listen;
/// the server pushes after every stored change. Signed-in users only.
/// </summary>
[Authorize(Policy = MessageFeedAuthorization.Policy)]
public sealed class MessagesHub : Hub
{
    public const string Path = "/hubs/messages";
}
