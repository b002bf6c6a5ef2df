using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Endpoints.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// What the OpenAPI document says about <see cref="MessageEndpoints"/>: names, summaries, every response each handler
/// (or the pipeline in front of it) can give, the list's query parameters as <see cref="MessageListQuery"/> reads
/// them, the <c>Idempotency-Key</c> header, and examples. Kept apart so the handlers stay readable; docs/api.md says
/// the same in prose.
/// </summary>
public static class MessageEndpointsDocumentation
{
    /// <summary>For the whole group: every operation needs a caller (401) with the right to act (403).</summary>
    public static RouteGroupBuilder DescribeMessagesApi(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    public static RouteHandlerBuilder DescribeSend(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("SendMessage")
        .WithSummary("Send an SMS")
        .WithDescription(
            "Stores the message, then asks Twilio to send it; the answer is the stored message (status `queued` once Twilio " +
            "took it). Operators and Admins only. `to` may be national (read in the configured default region) and is " +
            "stored in E.164. Send an `Idempotency-Key` to retry safely: the same key with the same request answers " +
            "the original result (with `Idempotent-Replayed: true`) without sending again. With `sendAt` (ISO 8601 with an offset, " +
            "in the future, at most 35 days ahead) the message is stored as `scheduled` and sent then; cancel it with " +
            "`POST /api/messages/{id}/cancel`. With quiet hours on (`Sms:QuietHours`), a send that would arrive inside them " +
            "is held until they end unless `ignoreQuietHours` is true.")
        .Produces<MessageResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            // The handler's [FromHeader] parameter already put a bare entry here: replace it with the described one.
            operation.Parameters ??= [];
            foreach (var bare in operation.Parameters.Where(p => p.Name == IdempotencyKey.Header).ToList())
            {
                operation.Parameters.Remove(bare);
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKey.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description =
                    $"Makes a retry safe: 1 to {IdempotencyKey.MaxLength} visible ASCII characters (a UUID is a good key), " +
                    "scoped to the calling user and kept 24 hours by default (`Idempotency:KeyLifetime`). The same key with the same request answers the original " +
                    "status and body with `Idempotent-Replayed: true`; with a different request, 422; while the first " +
                    "request is still in flight, 409; a malformed key, 400.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
                Example = JsonValue.Create("4f9c2b1e-7d3a-4c55-9a0e-1b2c3d4e5f60"),
            });
            if (operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
            {
                request.Example = Json(new SendMessageRequest("+15005550006", "Your code is 123456"));
            }

            Describe(operation, StatusCodes.Status201Created, "Stored and handed to Twilio (or replayed for a repeated `Idempotency-Key`).", Json(Examples.Queued));
            OperationResponses.AddHeader(operation, StatusCodes.Status201Created, "Location", "Where the message can be read: `/api/messages/{id}`.", JsonSchemaType.String);
            OperationResponses.AddHeader(operation, StatusCodes.Status201Created, MessageEndpoints.ReplayedHeader, "`true` when this is the stored result of an earlier request with the same `Idempotency-Key`; absent otherwise.", JsonSchemaType.String);
            Describe(operation, StatusCodes.Status400BadRequest, "Invalid `to`, `body` or `sendAt` (per-field `errors`, the messages the compose form shows), an unreadable JSON body, or a malformed `Idempotency-Key`.");
            Describe(operation, StatusCodes.Status403Forbidden, "The caller (or the API key's owner) is a Viewer: only Operators and Admins send.");
            Describe(operation, StatusCodes.Status409Conflict, "A request with the same `Idempotency-Key` is still in flight; retry when it has finished.");
            Describe(operation, StatusCodes.Status413PayloadTooLarge, $"The body is over {MessageEndpoints.MaxSendBodyBytes / 1024} KB.");
            Describe(operation, StatusCodes.Status415UnsupportedMediaType, "The body is not `application/json`.");
            Describe(operation, StatusCodes.Status422UnprocessableEntity,
                "Twilio refused the message (`twilioErrorCode`, the recorded message's `id`, `moreInfo`); the recipient has opted out (`code`: `recipient_opted_out`, nothing stored or sent); or the `Idempotency-Key` was used before with a different request (`code`: `idempotency_key_reused`).",
                Json(Examples.TwilioRefused));
            Describe(operation, StatusCodes.Status429TooManyRequests, "Sending too fast for this user; `Retry-After` says when to come back. Nothing was sent.");
            Describe(operation, StatusCodes.Status503ServiceUnavailable, "The message store is unavailable. Nothing was sent.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribeGet(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetMessage")
        .WithSummary("Read one message")
        .WithDescription("One message with its status history (the newest entries; older ones are counted in `foldedHistoryCount`).")
        .Produces<MessageResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == "id") is OpenApiParameter id)
            {
                id.Description = "The message's id (a GUID), as in `Location` or `items[].id`.";
            }

            Describe(operation, StatusCodes.Status200OK, "The message.", Json(Examples.Delivered));
            Describe(operation, StatusCodes.Status403Forbidden, "The caller may not read messages (a deactivated owner, a role without the right).");
            Describe(operation, StatusCodes.Status404NotFound, "No message has this id (or the id is not a GUID).");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribeList(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ListMessages")
        .WithSummary("List messages, newest first unless sort=oldest")
        .WithDescription(
            "Filters combine with AND. Page by cursor to walk the whole log: pass a page's `older` as `before` (and " +
            "`newer` as `after`); a cursor is a fixed position, so messages created meanwhile neither shift nor repeat " +
            "what you read. `page` is for people jumping to a page; it stops at offset " +
            $"{MessageQuery.MaxSkip:N0}. `total` stops counting at {MessageQuery.CountCap:N0} unless `exactCount=true`.")
        .Produces<MessageListResponse>()
        .ProducesValidationProblem()
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in ListParameters())
            {
                operation.Parameters.Add(parameter);
            }

            Describe(operation, StatusCodes.Status200OK, "One page of messages.", Json(Examples.Page));
            Describe(operation, StatusCodes.Status400BadRequest, "A filter could not be read: `errors` names each parameter with its problem.");
            Describe(operation, StatusCodes.Status403Forbidden, "The caller may not read messages (a deactivated owner, a role without the right).");
            return Task.CompletedTask;
        });

    /// <summary>The query string <see cref="MessageListQuery.Parse"/> reads, with the limits it enforces.</summary>
    internal static IEnumerable<OpenApiParameter> ListParameters()
    {
        yield return Query("status", "Only these statuses, comma-separated or repeated (Twilio's wire names).", new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Enum.GetValues<MessageStatus>().Select(s => (JsonNode)JsonValue.Create(s.ToWireName())).ToList() },
        }, new JsonArray("delivered", "failed"), explodeArray: false);
        yield return Query("to", "Only messages to this number (E.164, exact).", Text(32), JsonValue.Create("+15005550006"));
        yield return Query("from", "Only messages from this sender (number or messaging service, exact).", Text(64));
        yield return Query("errorCode", "Only messages with this Twilio error code.", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "999999" }, JsonValue.Create(30003));
        yield return Query("since", "Created at or after this ISO-8601 time (UTC when no offset).", Time(), JsonValue.Create("2026-01-01T00:00:00Z"));
        yield return Query("until", "Created before this ISO-8601 time (UTC when no offset).", Time());
        yield return Query("q", $"Search in SID, recipient and body ({MessageQuery.MinSearchLength} characters at least).", Text(200, MessageQuery.MinSearchLength), JsonValue.Create("invoice"));
        yield return Query("page", $"Page number for people (from 1); pages stop at offset {MessageQuery.MaxSkip:N0} (page {MessageQuery.MaxPageFor(25)} at the default size). Ignored with `before`/`after`.", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = MessageQuery.MaxPageFor(1).ToString(System.Globalization.CultureInfo.InvariantCulture), Default = JsonValue.Create(1),
        });
        yield return Query("pageSize", "Messages per page.", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = MessageQuery.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Default = JsonValue.Create(25),
        });
        yield return Query("before", "Cursor: the page of messages older than this position (a page's `older`). Not with `after`.", Cursor(), JsonValue.Create(Examples.OlderCursor));
        yield return Query("after", "Cursor: the page of messages newer than this position (a page's `newer`). Not with `before`.", Cursor());
        yield return Query("sort", "Order by creation time: newest first (the default) or oldest first. Cursors follow the chosen order: `before` is the next page, `after` the previous one.", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [JsonValue.Create(MessageSortNames.Newest), JsonValue.Create(MessageSortNames.Oldest)],
            Default = JsonValue.Create(MessageSortNames.Newest),
        });
        yield return Query("exactCount", $"Count every match even past {MessageQuery.CountCap:N0} (slower on a large log).", new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(false) });
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema, JsonNode? example = null, bool explodeArray = true) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = schema,
        Example = example,
        Style = schema.Type == JsonSchemaType.Array ? ParameterStyle.Form : null,
        Explode = schema.Type == JsonSchemaType.Array && explodeArray,
    };

    private static OpenApiSchema Text(int maxLength, int minLength = 1) => new() { Type = JsonSchemaType.String, MinLength = minLength, MaxLength = maxLength };

    private static OpenApiSchema Time() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Cursor() => new() { Type = JsonSchemaType.String, Pattern = "^[0-9]+-[0-9a-f]{32}$" };

    private static void Describe(OpenApiOperation operation, int status, string description, JsonNode? example = null) =>
        OperationResponses.Describe(operation, status, description, example);

    private static JsonNode? Json<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web);

    /// <summary>Examples built from the real response types, so they cannot drift from the shapes.</summary>
    private static class Examples
    {
        private static readonly DateTime CreatedAt = new(2026, 3, 14, 9, 0, 0, 120, DateTimeKind.Utc);
        private static readonly Guid Id = Guid.Parse("0199c2c4-8f3e-7a1b-9c55-3d2e1f0a4b6c");

        public static string OlderCursor => new MessageCursor(new DateTimeOffset(CreatedAt).ToUnixTimeMilliseconds(), Id).ToString();

        public static MessageResponse Queued => new(
            Id, "SM0123456789abcdef0123456789abcdef", "+15005550006", "+15005550001", "Your code is 123456", "queued", null, null,
            1, "GSM-7", "ops@example.com (API key \"ci\")", CreatedAt, CreatedAt.AddMilliseconds(180), null,
            [new StatusEventResponse("queued", CreatedAt.AddMilliseconds(180), null, "send-response", "applied")], 0);

        public static MessageResponse Delivered => Queued with
        {
            Status = "delivered",
            UpdatedAt = CreatedAt.AddSeconds(4),
            History =
            [
                .. Queued.History,
                new StatusEventResponse("sent", CreatedAt.AddSeconds(1), null, "callback", "applied"),
                new StatusEventResponse("delivered", CreatedAt.AddSeconds(4), null, "callback", "applied"),
            ],
        };

        public static MessageListResponse Page => new([Delivered], 1, 1, 25) { Older = null, Newer = null };

        public static object TwilioRefused => new
        {
            type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
            title = "Twilio refused the message",
            status = 422,
            detail = "The 'To' number +15005550001 is not a valid phone number.",
            twilioErrorCode = 21211,
            id = Id,
            moreInfo = "https://www.twilio.com/docs/errors/21211",
        };
    }
}
