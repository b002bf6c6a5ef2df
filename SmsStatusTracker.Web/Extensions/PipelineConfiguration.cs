using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Components;
using SmsStatusTracker.Web.Diagnostics;
using SmsStatusTracker.Web.Endpoints;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Extensions;

public static class PipelineConfiguration
{
    public static WebApplication UseSmsStatusTracker(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseCallbackMetrics();

        // API callers always get problem details, never a stack trace; pages get the error page.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        if (!app.Environment.IsDevelopment())
        {
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseExceptionHandler("/Error", createScopeForErrors: true));
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapStatusCallbacks();
        app.MapHealth();
        var twilio = app.Services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        if (twilio.Mode == TwilioMode.Simulator)
        {
            app.MapTwilioSimulator();
        }

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        LogStartup(app, twilio);
        return app;
    }

    private static void LogStartup(WebApplication app, TwilioOptions twilio)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmsStatusTracker");
        logger.LogInformation(
            "Twilio mode: {Mode}; callbacks to {PublicBaseUrl}",
            twilio.Mode,
            twilio.PublicBaseUrl ?? "this app's own listening address");
    }
}
