using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Alerts;

public static class AlertsRegistration
{
    /// <summary>
    /// Alert settings, evaluation and its leased background service, and the Admins' rule administration.
    /// <see cref="IAlertStore"/> and <see cref="IAlertMetrics"/> come with the storage backend; the host adds
    /// <see cref="IMessageLogLinks"/> and its <see cref="IAlertNotifier"/>s.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddSingleton<AlertMeasurer>();
        services.AddSingleton<AlertEvaluation>();
        services.AddSingleton<AlertRuleAdministration>();
        services.AddHostedService<AlertService>();
        return services;
    }
}
