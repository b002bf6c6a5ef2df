using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.OpenApi;

/// <summary>
/// Problem details carry extension members (<c>traceId</c>, a refused send's <c>twilioErrorCode</c>, <c>id</c> and
/// <c>moreInfo</c>); the generated schema lists only the standard ones, so strict validators would reject real answers.
/// </summary>
public sealed class ProblemDetailsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.AdditionalProperties = new OpenApiSchema();
        }

        return Task.CompletedTask;
    }
}
