using MudBlazor.Services;
using SmsStatusTracker.Core;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Components.Messages;
using SmsStatusTracker.Web.Endpoints.Health;
using SmsStatusTracker.Web.Endpoints.OpenApi;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Identity;
using SmsStatusTracker.Web.LiveFeed;
using SmsStatusTracker.Web.OutboundWebhooks;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Extensions;

public static class ServiceRegistration
{
    public static WebApplicationBuilder AddSmsStatusTracker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<CircuitConnection>();
        services.AddReaderSettings();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitConnection>());
        services.AddSingleton<Presence.PresenceTracker>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, Presence.PresenceCircuitHandler>();
        services.AddMudServices(mud => Components.Layout.NotificationSettings.Configure(mud.SnackbarConfiguration));
        services.AddProblemDetails();
        services.AddTrackerOpenApi();
        // A body that cannot be bound is the caller's error: 400 (with problem details), not an exception page.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.AddTrustedProxies();
        services.AddTrackerHostFiltering(configuration, builder.Environment);

        services.AddSmsStatusTrackerCore(configuration);
        services.AddSingleton<ListeningAddress>();
        services.AddSingleton<IPublicBaseUrl, PublicBaseUrl>();
        services.AddSingleton<Core.Sending.IStatusCallbackUrls, StatusCallbackUrls>();
        services.AddMessageFeed(configuration);
        Alerts.AlertsWebRegistration.AddAlertNotifications(services);
        services.AddTwoWay();
        services.AddOutboundWebhookDelivery(builder.Environment);
        services.AddSingleton<Endpoints.Bulk.BulkUpload>();
        services.AddSingleton<Endpoints.Bulk.BulkOutcomes>();
        services.AddSingleton<TwilioSignatureValidator>();
        services.AddWebhookDoctor();
        builder.AddTrackerIdentity();
        services.AddTrackerHealthChecks();
        builder.AddTrackerTelemetry();

        // Outside Development an unset mode stops start-up (TwilioModeValidator); only Development defaults to the simulator.
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TwilioOptions>, TwilioModeValidator>();
        var mode = configuration.GetValue<TwilioMode?>(TwilioModeValidator.ModeKey);
        if (mode == TwilioMode.Simulator || (mode is null && builder.Environment.IsDevelopment()))
        {
            services.AddTwilioSimulator(builder.Environment);
        }

        return builder;
    }
}
