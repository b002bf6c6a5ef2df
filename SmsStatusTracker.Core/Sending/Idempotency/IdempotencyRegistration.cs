using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Sending.Idempotency;

public static class IdempotencyRegistration
{
    /// <summary>The options and <see cref="IdempotentSend"/>; the store adapter comes with the chosen backend.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>();
        services.AddSingleton<IdempotentSend>();
        return services;
    }
}
