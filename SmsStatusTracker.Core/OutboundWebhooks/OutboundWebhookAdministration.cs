using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// Everything an Admin does with outbound webhooks, each action authorized here from the acting principal
/// (<see cref="AppPermission.ManageOutboundWebhooks"/>), whatever page or endpoint asks. Registration checks the URL
/// and every address its host resolves to now; the dispatcher checks the addresses again at every connection.
/// </summary>
public sealed class OutboundWebhookAdministration(
    IOutboxStore store,
    ActorAuthorizer authorizer,
    WebhookSecrets secrets,
    IWebhookHostResolver resolver,
    IOptionsMonitor<OutboundWebhookOptions> options,
    TimeProvider time,
    ILogger<OutboundWebhookAdministration> logger)
{
    public const int MaxEndpoints = 50;

    /// <summary>The new endpoint and its plain secret, which is never shown again.</summary>
    public async Task<(WebhookEndpoint Endpoint, string Secret)> RegisterAsync(Actor actor, string? url, WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        if (subscription == WebhookSubscription.None)
        {
            throw new WebhookUrlRejectedException("Choose what the endpoint is sent: every status change, final statuses only, or alerts.");
        }

        var settings = options.CurrentValue;
        if (WebhookAddressRules.CheckUrl(url, settings) is { } refused)
        {
            throw new WebhookUrlRejectedException(refused);
        }

        var uri = new Uri(url!.Trim());
        await CheckResolvedAddressesAsync(uri, settings, cancellationToken);
        if ((await store.ListEndpointsAsync(cancellationToken)).Count >= MaxEndpoints)
        {
            throw new WebhookUrlRejectedException($"At most {MaxEndpoints} endpoints can be registered; remove one first.");
        }

        var secret = WebhookSecrets.Generate();
        var endpoint = new WebhookEndpoint
        {
            Id = $"ep_{Guid.CreateVersion7(time.GetUtcNow()):N}",
            Url = uri.AbsoluteUri,
            Subscription = subscription,
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = Storage.StoredTimes.ToMilliseconds(time.GetUtcNow()),
            CreatedBy = admin.Email,
        };
        await store.AddEndpointAsync(endpoint, cancellationToken);
        logger.LogInformation("{Admin} registered the outbound webhook endpoint {Endpoint} ({Url}, {Subscription})", admin.Email, endpoint.Id, endpoint.Url, subscription);
        return (endpoint, secret);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        return await store.ListEndpointsAsync(cancellationToken);
    }

    public async Task<WebhookEndpoint?> FindAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        return await store.FindEndpointAsync(id, cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(Actor actor, string id, int limit, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        return await store.AttemptsAsync(id, limit, cancellationToken);
    }

    public async Task<long> PendingCountAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        return await store.PendingCountAsync(id, cancellationToken);
    }

    public async Task<bool> SetEnabledAsync(Actor actor, string id, bool enabled, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        var changed = await store.SetEnabledAsync(id, enabled, enabled ? null : $"Disabled by {admin.Email}", cancellationToken);
        logger.LogInformation("{Admin} {Action} the outbound webhook endpoint {Endpoint}", admin.Email, enabled ? "enabled" : "disabled", id);
        return changed;
    }

    public async Task DeleteAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        await store.DeleteEndpointAsync(id, cancellationToken);
        logger.LogInformation("{Admin} removed the outbound webhook endpoint {Endpoint}", admin.Email, id);
    }

    /// <summary>Sends the endpoint's events created since <paramref name="since"/> again, with their ids; returns how many.</summary>
    public async Task<int> ReplayAsync(Actor actor, string id, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageOutboundWebhooks, cancellationToken);
        var count = await store.ReplayAsync(id, since, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("{Admin} replayed {Count} event(s) since {Since} to the outbound webhook endpoint {Endpoint}", admin.Email, count, since, id);
        return count;
    }

    private async Task CheckResolvedAddressesAsync(Uri uri, OutboundWebhookOptions settings, CancellationToken cancellationToken)
    {
        System.Net.IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(uri.IdnHost.Trim('[', ']'), cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            throw new WebhookUrlRejectedException($"The host {uri.IdnHost} could not be resolved.");
        }

        if (addresses.Length == 0)
        {
            throw new WebhookUrlRejectedException($"The host {uri.IdnHost} could not be resolved.");
        }

        foreach (var address in addresses)
        {
            if (WebhookAddressRules.CheckAddress(address, settings) is { } refused)
            {
                throw new WebhookUrlRejectedException($"{uri.IdnHost} resolves to a refused address: {refused}");
            }
        }
    }
}
