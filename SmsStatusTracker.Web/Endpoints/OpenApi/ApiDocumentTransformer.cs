using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.OpenApi;

/// <summary>
/// The document's front matter: title and description, the API-key bearer scheme the operations refer to, tag
/// descriptions, and servers without the trailing slash the generator writes (linters reject it).
/// </summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The security scheme's name in <c>components.securitySchemes</c>.</summary>
    public const string ApiKeyScheme = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SMS Status Tracker API",
            Version = "v1",
            Description =
                "Send SMS through Twilio and follow their delivery status. Every error is `application/problem+json`. " +
                "Live changes come from the SignalR hub `/hubs/messages` (event `MessageChanged`, the same message shape " +
                "as here; with `?batch=1`, `MessagesChanged` frames of several changes); see docs/api.md.",
        };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "sst_…",
            Description =
                "An API key, sent as `Authorization: Bearer sst_…`. Create one on the API keys page or with " +
                "`SmsStatusTracker.Web apikeys create --user you@example.com --name ci`. A key acts with its owner's " +
                "current role. Scripts in a signed-in browser may use the sign-in cookie instead.",
        };
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= tag.Name switch
            {
                "Messages" => "Send SMS and read them with their status history.",
                "Bulk jobs" => "Send to a list from a CSV: preflight, confirm, paced sending with pause, resume and cancel, and a per-row outcome CSV.",
                _ => null,
            };
        }

        return Task.CompletedTask;
    }
}
