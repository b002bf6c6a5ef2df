using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Coordination;

public static class CoordinationRegistration
{
    /// <summary>The lease settings and runner; the <see cref="ILeaseStore"/> comes with the chosen storage backend.</summary>
    public static IServiceCollection AddLeases(this IServiceCollection services)
    {
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>();
        services.AddSingleton<LeaseRunner>();
        return services;
    }
}
