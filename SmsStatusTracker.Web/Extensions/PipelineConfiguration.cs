using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Components;
using SmsStatusTracker.Web.Components.Account;
using SmsStatusTracker.Web.Endpoints.Bulk;
using SmsStatusTracker.Web.Endpoints.Messages;
using SmsStatusTracker.Web.Endpoints.OpenApi;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Endpoints.Health;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.LiveFeed;
using SmsStatusTracker.Web.Identity;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Extensions;

public static class PipelineConfiguration
{
    public static WebApplication UseSmsStatusTracker(this WebApplication app)
    {
        // Host filtering (Hosting/HostFiltering.cs) already ran: the web host puts it before everything else.
        app.UseTrackerTelemetry();
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseWhen(IsApiRequest, api => api.Use((context, next) =>
        {
            // API answers are per caller and often personal: no browser or proxy keeps them, whatever the status.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        }));
        app.UseMiddleware<CrossOriginGuard>();

        // API callers always get problem details, never a stack trace; pages get the error page.
        app.UseWhen(IsMachineRequest, api =>
        {
            api.UseExceptionHandler();
            // Bare error status codes (401, 404, 405, 413, …) get a problem details body too.
            api.UseStatusCodePages();
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(context => !IsMachineRequest(context), pages => pages.UseExceptionHandler("/Error", createScopeForErrors: true));
            app.UseHsts();
            app.UseHttpsRedirection();
            app.UseHttpsRequiredForPages(IsMachineRequest);
            app.WarnWhenServingPlainHttp();
        }

        // Only page navigations get the not-found page; API, hub and webhook callers keep their status codes.
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method) && !IsMachineRequest(context), pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseApiNotFound();
        // Twilio's webhooks (the busiest routes) run their endpoint here, before the sign-in middleware: they are anonymous,
        // authenticated by their signature in their endpoint filter, never rate limited and exempt from antiforgery.
        app.MapWhen(TwilioWebhooks.IsWebhook, webhooks => webhooks.Run(context => context.GetEndpoint()!.RequestDelegate!(context)));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Everything else falls under the "signed in" fallback policy; these authenticate their own way or are public.
        app.MapStaticAssets().AllowAnonymous();
        app.MapStatusCallbacks();
        app.MapHub<MessagesHub>(MessagesHub.Path);
        app.MapMessages();
        Alerts.AlertEndpoints.MapAlerts(app);
        app.MapMessageExport();
        app.MapBulkJobs();
        app.MapHealth();
        app.MapTrackerOpenApi();

        var twilio = app.Services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        if (twilio.Mode == TwilioMode.Simulator)
        {
            // Basic auth against the simulated account is the simulator's own authentication.
            app.MapGroup("").AllowAnonymous().MapTwilioSimulator();
        }

        app.MapTwoWay(twilio.Mode);
        app.MapAccountEndpoints();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        LogStartup(app, twilio);
        return app;
    }

    private static bool IsApiRequest(HttpContext context) => context.Request.Path.IsApi();

    /// <summary>APIs, the hub, the OpenAPI document and the simulator: callers that want status codes and problem details, not pages.</summary>
    private static bool IsMachineRequest(HttpContext context) =>
        context.Request.Path.IsApiOrHub()
        || OpenApiRegistration.IsDocument(context.Request.Path)
        || context.Request.Path.StartsWithSegments(TwilioSimulatorEndpoints.BasePath);

    private static void LogStartup(WebApplication app, TwilioOptions twilio)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmsStatusTracker");
        logger.LogInformation(
            "Twilio mode: {Mode}; callbacks to {PublicBaseUrl}; live feed: {Feed}",
            twilio.Mode,
            twilio.PublicBaseUrl ?? "this app's own listening address",
            MessageFeedRegistration.Describe(app.Configuration));
        if (SimulatorNotice.IsShown(twilio, app.Environment))
        {
            logger.LogWarning("{Notice}: Twilio:Mode is Simulator in {Environment} (Twilio:Simulator:AllowOutsideDevelopment is on)", SimulatorNotice.Text, app.Environment.EnvironmentName);
        }
    }
}
