using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Web.Alerts;

/// <summary>The message log's address for a filter: the log's route and its query string (<see cref="MessageQueryString"/>).</summary>
public sealed class MessageLogLinks(IPublicBaseUrl baseUrl) : IMessageLogLinks
{
    public const string LogPath = "/messages";

    /// <summary>The link within the app, for pages.</summary>
    public static string Relative(MessageQuery query) => LogPath + MessageQueryString.Format(query);

    /// <summary>The absolute link, for email and webhooks.</summary>
    public string For(MessageQuery query) => new Uri(baseUrl.Get(), Relative(query)).ToString();
}
