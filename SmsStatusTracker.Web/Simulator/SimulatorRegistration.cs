using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Simulator;

public static class SimulatorRegistration
{
    public static IServiceCollection AddTwilioSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SimulatorSettings.Section).Get<SimulatorSettings>() ?? new SimulatorSettings();
        services.AddSingleton(settings);
        services.AddSingleton<SimulatedTwilioLedger>();
        services.AddSingleton<SimulatorCallbackDispatcher>();
        services.AddSingleton<ITwilioApiAddress, SimulatorApiAddress>();
        services.AddHttpClient(SimulatorCallbackDispatcher.HttpClientName);
        return services;
    }
}
