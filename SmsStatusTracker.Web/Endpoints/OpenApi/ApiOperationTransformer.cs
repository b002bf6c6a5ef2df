using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.OpenApi;

/// <summary>
/// What every API operation shares: the API-key bearer requirement (so generated clients send the key), the
/// <c>WWW-Authenticate</c> of a 401 and the <c>Retry-After</c> of a 429. Runs after the endpoints' own transformers
/// only for what they left generic.
/// </summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.ApiKeyScheme, context.Document)] = [] }];
        if (operation.Responses?.GetValueOrDefault("401") is OpenApiResponse unauthorized)
        {
            unauthorized.Description = "No API key (or sign-in cookie), or an unknown or revoked key, or one whose owner is deactivated.";
        }

        OperationResponses.AddHeader(operation, StatusCodes.Status401Unauthorized, "WWW-Authenticate", "`Bearer`: send an API key as `Authorization: Bearer sst_…`.", JsonSchemaType.String);
        OperationResponses.AddHeader(operation, StatusCodes.Status429TooManyRequests, "Retry-After", "Seconds to wait before trying again (a whole number, at least 1).", JsonSchemaType.Integer, required: true);
        return Task.CompletedTask;
    }
}
