using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>Scheduled sends and quiet hours: the settings, the planner <see cref="Sending.SmsSender"/> asks, cancel, and the leased job.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>();
        services.AddOptions<QuietHoursOptions>().BindConfiguration(QuietHoursOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuietHoursOptions>, QuietHoursOptionsValidator>();
        services.AddSingleton<QuietHours>();
        services.AddSingleton<SendPlanner>();
        services.AddTransient<ScheduleCanceller>();
        services.AddSingleton<ScheduledSendJob>();
        services.AddHostedService<ScheduledSendService>();
        return services;
    }
}
