using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Web.Simulator;

public static class SimulatorRegistration
{
    public static IServiceCollection AddTwilioSimulator(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<SimulatorSettings>().BindConfiguration(SimulatorSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorSettings>, SimulatorSettingsValidator>();
        // One mutable instance for the whole app, so tests can switch chaos on and off while it runs.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SimulatorSettings>>().Value);
        services.AddSingleton<SimulatedTwilioLedger>();
        services.AddSingleton<SimulatorCallbackDispatcher>();
        services.AddSingleton<ITwilioApiAddress, SimulatorApiAddress>();
        services.AddHttpClient(SimulatorCallbackDispatcher.HttpClientName);
        if (!environment.IsDevelopment())
        {
            // The documented token is public, so outside Development it would let anyone read message bodies and
            // forge callbacks. App and simulator share this process: a token made here at start-up serves both.
            var generated = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            services.PostConfigure<TwilioOptions>(options =>
            {
                if (options.Mode == TwilioMode.Simulator && options.AuthToken is null)
                {
                    options.AuthToken = generated;
                }
            });
        }

        return services;
    }
}
