using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Outside Development the sign-in and antiforgery cookies are Secure-only. Over plain HTTP a browser drops them
/// (and antiforgery refuses the request), which used to end in a redirect back to sign-in, forever. Instead,
/// start-up warns once, and a page requested over plain HTTP gets this advice (400). Machines (APIs, the hub,
/// the webhook, the simulator, health checks) keep working over HTTP: they use no cookies.
/// </summary>
public static class PlainHttpGuard
{
    public const string Advice =
        "Outside Development this app's cookies are Secure-only, so browsers cannot sign in over plain HTTP. Serve HTTPS: " +
        "give Kestrel a certificate (an https:// address in ASPNETCORE_URLS or Kestrel:Endpoints), or put a TLS proxy in front, " +
        "list it in ForwardedHeaders:KnownProxies (or ForwardedHeaders:KnownNetworks) so its X-Forwarded-Proto is trusted, " +
        "and set Auth:PublicBaseUrl to the https address users open.";

    /// <summary>After HTTPS redirection (which wins when an https port is known): pages over plain HTTP get the advice.</summary>
    public static IApplicationBuilder UseHttpsRequiredForPages(this IApplicationBuilder app, Func<HttpContext, bool> isMachineRequest) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps || isMachineRequest(context) || context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"HTTPS required.\n\n{Advice}\n", context.RequestAborted);
        });

    /// <summary>Once the server listens: warn when nothing says browsers reach this app over HTTPS.</summary>
    public static void WarnWhenServingPlainHttp(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (addresses.Count == 0 || addresses.Any(IsHttps) || SaysHttps(app.Configuration))
            {
                return;
            }

            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmsStatusTracker")
                .LogWarning("Serving plain HTTP outside Development ({Addresses}). {Advice}", string.Join(", ", addresses), Advice);
        });
    }

    // A public URL users open over https, or a proxy trusted to say the request came over https.
    private static bool SaysHttps(IConfiguration configuration) =>
        IsHttps(configuration["Auth:PublicBaseUrl"])
        || configuration.GetSection($"{TrustedProxyOptions.Section}:{nameof(TrustedProxyOptions.KnownProxies)}").GetChildren().Any()
        || configuration.GetSection($"{TrustedProxyOptions.Section}:{nameof(TrustedProxyOptions.KnownNetworks)}").GetChildren().Any();

    private static bool IsHttps(string? url) => url?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
