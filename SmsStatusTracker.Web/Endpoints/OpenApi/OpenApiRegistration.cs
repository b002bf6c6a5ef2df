using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Scalar.AspNetCore;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Endpoints.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>) describes the API callers with an API key can call, and nothing
/// else: the Twilio webhook, the account and sign-out endpoints, health and the simulator stay out. Outside
/// Development it is served behind the API's own authentication; the Scalar reference is Development only.
/// </summary>
public static class OpenApiRegistration
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The document answers like the API (401 with the bearer challenge, problem details), not like a page.</summary>
    public static bool IsDocument(PathString path) => path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddTrackerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = IsApiOperation;
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddSchemaTransformer<ProblemDetailsSchemaTransformer>();
        });

    public static WebApplication MapTrackerOpenApi(this WebApplication app)
    {
        var document = app.MapOpenApi();
        if (!app.Environment.IsDevelopment())
        {
            document.RequireAuthorization(Policies.ApiRead);
            return app;
        }

        // Development: anonymous so the reference opens before signing in. It describes the API, it does not call it
        // with anyone's rights (trying a request needs a cookie or an API key like any other call).
        document.AllowAnonymous();
        app.MapScalarApiReference((options, http) =>
        {
            // Scalar's inline bootstrap script carries this response's CSP nonce, so the CSP stays as strict as elsewhere.
            options.Nonce = http.CspNonce();
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.DisableAgent();
            options.WithTitle("SMS Status Tracker API");
        }).AllowAnonymous();
        return app;
    }

    /// <summary>An API operation is one that API keys may call: it names one of the API policies.</summary>
    private static bool IsApiOperation(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy is Policies.ApiRead or Policies.ApiSend)
        && $"/{description.RelativePath}".StartsWith(RoutePrefixes.Api + "/", StringComparison.OrdinalIgnoreCase);
}
