using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Core's inbound notifier: a message stored by this process goes straight to this process's conversation pages
/// through <see cref="MessageNotifications"/>, the same path outbound changes take. (Other instances' pages see it on
/// their next load; carrying it over the Redis link is not done yet.)
/// </summary>
public sealed class InboundMessagePublisher(MessageNotifications local) : IInboundMessageNotifier
{
    public Task InboundReceivedAsync(InboundMessage message, CancellationToken cancellationToken) => local.PublishInboundLocallyAsync(message);
}
