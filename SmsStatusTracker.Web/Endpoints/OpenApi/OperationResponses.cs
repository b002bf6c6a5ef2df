using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.OpenApi;

/// <summary>Small edits to an operation's declared responses, shared by the operation transformers.</summary>
public static class OperationResponses
{
    /// <summary>Replaces the reason-phrase description of a declared response and sets its example.</summary>
    public static void Describe(OpenApiOperation operation, int status, string description, JsonNode? example = null)
    {
        if (Find(operation, status) is not OpenApiResponse response)
        {
            throw new InvalidOperationException($"{operation.OperationId} does not declare {status}; declare it before describing it.");
        }

        response.Description = description;
        if (example is not null && response.Content?.Values.FirstOrDefault() is { } content)
        {
            content.Example = example;
        }
    }

    public static void AddHeader(OpenApiOperation operation, int status, string name, string description, JsonSchemaType type, bool required = false)
    {
        if (Find(operation, status) is not OpenApiResponse response)
        {
            return;
        }

        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Required = required, Schema = new OpenApiSchema { Type = type } };
    }

    private static IOpenApiResponse? Find(OpenApiOperation operation, int status) =>
        operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture));
}
