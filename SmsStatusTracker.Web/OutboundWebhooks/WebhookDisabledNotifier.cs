using System.Net;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Web.OutboundWebhooks;

/// <summary>Emails every active Admin when an endpoint is disabled after persistent failure. A mail that fails is logged, never retried.</summary>
public sealed class WebhookDisabledNotifier(AccountService accounts, IMailSender mail, IPublicBaseUrl baseUrl, ILogger<WebhookDisabledNotifier> logger)
{
    public async Task NotifyAsync(WebhookEndpoint endpoint, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var link = new Uri(baseUrl.Get(), WebhookRoutes.For(endpoint.Id)).AbsoluteUri;
            var admins = (await accounts.ListAsync(cancellationToken)).Where(a => a.IsActive && a.Role == AppRoles.Admin);
            foreach (var admin in admins)
            {
                await mail.SendAsync(
                    new OutgoingMail(
                        admin.Email,
                        "Outbound webhook endpoint disabled",
                        $"The outbound webhook endpoint {endpoint.Url} was disabled: {reason}\n\nIts events are kept. Fix the receiver, enable the endpoint and replay from the time it started failing: {link}",
                        $"<p>The outbound webhook endpoint <code>{WebUtility.HtmlEncode(endpoint.Url)}</code> was disabled: {WebUtility.HtmlEncode(reason)}</p>" +
                        $"<p>Its events are kept. Fix the receiver, enable the endpoint and replay from the time it started failing: <a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p>"),
                    cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not email the Admins that outbound webhook endpoint {Endpoint} was disabled", endpoint.Id);
        }
    }
}
