using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Identity;
using SmsStatusTracker.Web.RateLimiting;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// The REST API for scripts and integrations: send, read one, list. Signed-in users or API keys; Viewers
/// read, Operators and Admins send. Every error is problem details.
/// </summary>
public static class MessageEndpoints
{
    public const string Path = RoutePrefixes.Api + "/messages";
    public const int MaxSendBodyBytes = 16 * 1024;

    /// <summary>Set to <c>true</c> on an answer repeated for a retried <c>Idempotency-Key</c> (nothing new was sent).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapMessages(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path)
            .RequireAuthorization(Policies.ApiRead)
            .WithTags("Messages")
            .DescribeMessagesApi();

        group.MapPost("/", SendAsync)
            .RequireAuthorization(Policies.ApiSend)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxSendBodyBytes))
            .DescribeSend();
        group.MapScheduleCancel();
        var reads = group.MapGroup("").AddEndpointFilter(new RequireCurrentActorFilter(AppPermission.ViewMessages));
        reads.MapGet("/{id:guid}", GetAsync).DescribeGet();
        reads.MapGet("/", ListAsync).DescribeList();
        return group;
    }

    /// <summary>
    /// With an <c>Idempotency-Key</c> header, a retry of the same request (same caller, same normalised fields) answers
    /// what the first answered, with <see cref="ReplayedHeader"/>, and sends nothing; the key used for another request
    /// is a 422, and a retry while the first is still running a 409 with <c>Retry-After</c>.
    /// </summary>
    private static async Task<Results<Created<MessageResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendMessageRequest? request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext http,
        [FromServices] SmsSender sender,
        [FromServices] IOptions<RateLimitOptions> rateLimits,
        CancellationToken cancellationToken)
    {
        if (!Core.Scheduling.SendTimeRule.TryParse(request?.SendAt, out var sendAt, out var badTime))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Core.Scheduling.SendTimeRule.Field] = [badTime!] }, title: "The message was not sent");
        }

        SendOutcome outcome;
        try
        {
            // The sender is the one validation (recipient as typed, body rules, the send time, the key): its field errors become the 400.
            var send = new SendSmsRequest(request?.To ?? "", request?.Body ?? "", SendAt: sendAt, IgnoreQuietHours: request?.IgnoreQuietHours == true);
            var actor = user.ToActor();
            ConfirmedCaller.Remember(http, actor, AppPermission.SendMessages);
            outcome = await sender.SendAsync(send, actor, idempotencyKey, cancellationToken);
        }
        catch (ActionNotAllowedException refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to send", detail: refused.Message);
        }
        catch (SendRateLimitedException limited)
        {
            RateLimitRegistration.SetRetryAfter(http.Response, limited.RetryAfter, rateLimits.Value.SendWindow);

            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Sending too fast", detail: limited.Errors["body"][0]);
        }
        catch (Core.OptOuts.RecipientOptedOutException optedOut)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Recipient opted out", detail: optedOut.Errors["to"][0], extensions: new Dictionary<string, object?> { ["code"] = Core.OptOuts.RecipientOptedOutException.Code });
        }
        catch (SendSmsValidationException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors, title: "The message was not sent");
        }
        catch (IdempotencyKeyReusedException reused)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency key already used for another request",
                detail: reused.Message,
                extensions: new Dictionary<string, object?> { ["code"] = IdempotencyKeyReusedException.Code });
        }
        catch (IdempotencyKeyInFlightException inFlight)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(inFlight.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A request with this idempotency key is in progress",
                detail: inFlight.Message,
                extensions: new Dictionary<string, object?> { ["code"] = IdempotencyKeyInFlightException.Code });
        }
        catch (StoreUnavailableException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Message store unavailable", detail: "Nothing was sent. Try again shortly.");
        }

        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        var message = outcome.Message;
        if (message.Status == MessageStatus.Failed && message.Sid is null && message.ErrorCode is { } code)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Twilio refused the message",
                detail: message.ErrorMessage,
                extensions: new Dictionary<string, object?>
                {
                    ["twilioErrorCode"] = code,
                    ["id"] = message.Id,
                    ["moreInfo"] = TwilioErrorCatalog.DocsUrl(code).ToString(),
                });
        }

        return TypedResults.Created($"{Path}/{message.Id}", MessageResponse.Of(message));
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetAsync(Guid id, [FromServices] IMessageStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } message
            ? TypedResults.Ok(MessageResponse.Of(message))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message", detail: $"No message has id {id}.");

    private static async Task<Results<Ok<MessageListResponse>, ValidationProblem>> ListAsync(HttpRequest request, [FromServices] IMessageStore store, CancellationToken cancellationToken)
    {
        var (query, errors) = MessageListQuery.Parse(request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid filters");
        }

        var page = await store.ListAsync(query, cancellationToken);
        return TypedResults.Ok(MessageListResponse.Of(page));
    }
}
