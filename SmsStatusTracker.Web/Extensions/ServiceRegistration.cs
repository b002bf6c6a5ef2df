using MudBlazor.Services;
using SmsStatusTracker.Core;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Notifications;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Extensions;

public static class ServiceRegistration
{
    public static WebApplicationBuilder AddSmsStatusTracker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddProblemDetails();
        services.AddTrustedProxies(configuration);

        services.AddSmsStatusTrackerCore(configuration);
        services.AddSingleton<ListeningAddress>();
        services.AddSingleton<IPublicBaseUrl, PublicBaseUrl>();
        services.AddSingleton<MessageNotifications>();
        services.AddSingleton<IMessageChangeNotifier>(sp => sp.GetRequiredService<MessageNotifications>());
        services.AddSingleton<TwilioSignatureValidator>();
        services.AddTrackerHealthChecks();

        if (configuration.GetValue(TwilioOptions.Section + ":Mode", TwilioMode.Simulator) == TwilioMode.Simulator)
        {
            services.AddTwilioSimulator(configuration);
        }

        return builder;
    }
}
