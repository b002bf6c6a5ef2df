using Microsoft.Extensions.DependencyInjection;

namespace SmsStatusTracker.Core.ActivityLog;

public static class ActivityRegistration
{
    /// <summary>The recorder and the reader; <see cref="IActivityLog"/> comes with the storage backend.</summary>
    public static IServiceCollection AddActivityLog(this IServiceCollection services)
    {
        services.AddSingleton<ActivityRecorder>();
        services.AddSingleton<ActivityLogReader>();
        return services;
    }
}
