using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmsStatusTracker.Web.Endpoints.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>What the OpenAPI document says about <see cref="MessageExportEndpoints"/>; docs/api.md says it in prose.</summary>
public static class MessageExportEndpointsDocumentation
{
    // The list's paging and counting parameters mean nothing to an export.
    private static readonly string[] NotForExport = ["page", "pageSize", "before", "after", "exactCount"];

    public static RouteHandlerBuilder DescribeExport(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ExportMessages")
        .WithSummary("Download the filtered log as CSV or JSON Lines")
        .WithDescription(
            "Every message the filters match (the list's filters and `sort`; no paging), streamed as the store is read. " +
            "CSV: one row per message, or with `history=true` one row per status event; UTF-8 with a byte order mark; " +
            "any text cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` against formula injection, so " +
            "phone numbers read `'+15551234567`. JSON Lines: one object per line, values as stored, with a `history` array " +
            "when asked. Times are ISO-8601 UTC with the offset (`2026-11-30T04:06:33.123+00:00`). `X-Total-Count` gives " +
            "the number of matches when the download starts.")
        .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["application/jsonl"])
        .ProducesValidationProblem()
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(Parameter("format", "`csv` (the default) or `jsonl` (JSON Lines).", new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [System.Text.Json.Nodes.JsonValue.Create(MessageExportRequest.Csv), System.Text.Json.Nodes.JsonValue.Create(MessageExportRequest.JsonLines)],
                Default = System.Text.Json.Nodes.JsonValue.Create(MessageExportRequest.Csv),
            }));
            operation.Parameters.Add(Parameter("history", "Include each message's status history (CSV: one row per event).", new OpenApiSchema
            {
                Type = JsonSchemaType.Boolean,
                Default = System.Text.Json.Nodes.JsonValue.Create(false),
            }));
            foreach (var parameter in MessageEndpointsDocumentation.ListParameters().Where(p => !NotForExport.Contains(p.Name)))
            {
                operation.Parameters.Add(parameter);
            }

            OperationResponses.Describe(operation, StatusCodes.Status200OK, "The file, as an attachment named `messages-{UTC time}.csv` (or `.jsonl`).", null);
            OperationResponses.AddHeader(operation, StatusCodes.Status200OK, MessageExportEndpoints.TotalHeader, "How many messages matched when the download started (exact).", JsonSchemaType.String);
            OperationResponses.AddHeader(operation, StatusCodes.Status200OK, "Content-Disposition", "`attachment; filename=messages-20261130T040633Z.csv`.", JsonSchemaType.String);
            OperationResponses.Describe(operation, StatusCodes.Status400BadRequest, "A filter, `format` or `history` could not be read: `errors` names each parameter.", null);
            OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller may not read messages (a deactivated owner, a role without the right).", null);
            return Task.CompletedTask;
        });

    private static OpenApiParameter Parameter(string name, string description, OpenApiSchema schema) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = schema,
    };
}
