using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SmsStatusTracker.Core.ActivityLog;

public static class ActivityRegistration
{
    /// <summary>The recorder and the reader (once, whoever asks first: the accounts and the core both record);
    /// <see cref="IActivityLog"/> comes with the storage backend.</summary>
    public static IServiceCollection AddActivityLog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ActivityRecorder>();
        services.TryAddSingleton<ActivityLogReader>();
        return services;
    }
}
