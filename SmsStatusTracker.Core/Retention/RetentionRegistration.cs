using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Retention;

public static class RetentionRegistration
{
    /// <summary>The retention settings, job and its leased background service; <see cref="IMessageRetention"/> comes with the storage backend.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionMetrics>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
