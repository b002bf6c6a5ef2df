using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.OutboundWebhooks;

public static class OutboundWebhooksRegistration
{
    /// <summary>
    /// The options, secrets, administration and alert publishing (every alert that fires or resolves, to the endpoints that
    /// want alerts). The <see cref="IOutboxStore"/> and the companion
    /// writer that adds status-change events come with the storage backend; the host delivers (HTTP, leased dispatcher).
    /// </summary>
    public static IServiceCollection AddOutboundWebhooks(this IServiceCollection services)
    {
        services.AddOptions<OutboundWebhookOptions>().BindConfiguration(OutboundWebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboundWebhookOptions>, OutboundWebhookOptionsValidator>();
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<OutboundEvents>();
        services.AddSingleton<Alerts.IAlertNotifier, OutboundAlertNotifier>();
        services.AddSingleton<OutboundWebhookAdministration>();
        return services;
    }
}
