using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.OptOuts;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.LiveFeed;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Extensions;

/// <summary>Replies and the opt-out ledger in the host: the live notifier, the webhook, the export and (Simulator mode) simulated replies.</summary>
public static class TwoWayRegistration
{
    public static IServiceCollection AddTwoWay(this IServiceCollection services)
    {
        services.AddSingleton<IInboundMessageNotifier, InboundMessagePublisher>();
        services.AddSingleton<SimulatedReplies>();
        return services;
    }

    public static IEndpointRouteBuilder MapTwoWay(this IEndpointRouteBuilder endpoints, TwilioMode mode)
    {
        endpoints.MapInboundSms();
        endpoints.MapOptOuts();
        if (mode == TwilioMode.Simulator)
        {
            endpoints.MapSimulatedReplies();
        }

        return endpoints;
    }
}
