using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Scheduling;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Endpoints.OpenApi;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// <c>POST /api/messages/{id}/cancel</c>: cancels a scheduled message, with the send permission (Operators and Admins;
/// a Viewer gets 403 and may only read schedules). 409 once it was sent or claimed to be sent.
/// </summary>
public static class ScheduledMessageEndpoints
{
    public static string CancelPath(Guid id) => $"{MessageEndpoints.Path}/{id}/cancel";

    public static RouteGroupBuilder MapScheduleCancel(this RouteGroupBuilder messages)
    {
        messages.MapPost("/{id:guid}/cancel", CancelAsync)
            .RequireAuthorization(Policies.ApiSend)
            .DisableAntiforgery()
            .WithName("CancelScheduledMessage")
            .WithSummary("Cancel a scheduled message")
            .WithDescription(
                "Cancels a message sent with `sendAt` (or held for quiet hours) that has not gone out yet. Held by Twilio: " +
                "Twilio is asked to update it to `canceled`. Held by the app: it is canceled unless the scheduler claimed it first. " +
                "Operators and Admins only. The answer is the message, status `canceled`.")
            .Produces<MessageResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                OperationResponses.Describe(operation, StatusCodes.Status200OK, "Canceled: it will not be sent.", null);
                OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller (or the API key's owner) may not send, so may not cancel (a Viewer).", null);
                OperationResponses.Describe(operation, StatusCodes.Status404NotFound, "No message has this id.", null);
                OperationResponses.Describe(operation, StatusCodes.Status409Conflict, "The message is not scheduled any more: already sent, claimed to be sent, canceled, or Twilio refused to cancel it.", null);
                OperationResponses.Describe(operation, StatusCodes.Status503ServiceUnavailable, "The message store is unavailable; nothing changed.", null);
                return Task.CompletedTask;
            });
        return messages;
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, [FromServices] ScheduleCanceller canceller, CancellationToken cancellationToken)
    {
        CancelOutcome outcome;
        try
        {
            outcome = await canceller.CancelAsync(id, user.ToActor(), cancellationToken);
        }
        catch (ActionNotAllowedException refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to cancel", detail: refused.Message);
        }
        catch (StoreUnavailableException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Message store unavailable", detail: "Nothing changed. Try again shortly.");
        }

        if (outcome.NotFound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message", detail: $"No message has id {id}.");
        }

        return outcome.Message is { } canceled
            ? TypedResults.Ok(MessageResponse.Of(canceled))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot cancel", detail: outcome.Conflict);
    }
}
