using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Web.OutboundWebhooks;

public static class OutboundWebhookHosting
{
    /// <summary>
    /// Delivery: a named client whose connections go through <see cref="WebhookConnectGuard"/>, never follow
    /// redirects and carry no cookies or proxy, and the leased <see cref="OutboundWebhookDispatcher"/>. Development
    /// allows loopback receivers (http too) so a local test receiver works; nowhere else without the setting.
    /// </summary>
    public static IServiceCollection AddOutboundWebhookDelivery(this IServiceCollection services, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            services.PostConfigure<OutboundWebhookOptions>(options => options.AllowLoopback = true);
        }

        services.AddSingleton<WebhookConnectGuard>();
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<WebhookDisabledNotifier>();
        services.AddHttpClient(WebhookDelivery.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = sp.GetRequiredService<WebhookConnectGuard>().ConnectAsync,
            });
        services.AddHostedService<OutboundWebhookDispatcher>();
        return services;
    }
}
