using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Web.Alerts;

public static class AlertsWebRegistration
{
    /// <summary>The host's side of alerts: log links, and the notifiers every fired or resolved alert goes to (banner feed, email).</summary>
    public static IServiceCollection AddAlertNotifications(this IServiceCollection services)
    {
        services.AddSingleton<IMessageLogLinks, MessageLogLinks>();
        services.AddSingleton<AlertFeed>();
        services.AddSingleton<IAlertNotifier>(sp => sp.GetRequiredService<AlertFeed>());
        services.AddSingleton<IAlertNotifier, EmailAlertNotifier>();
        return services;
    }
}
