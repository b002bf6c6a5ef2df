using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// <see cref="Path"/>: makes the simulator reply from a number (for tests and scripts; the conversation page has the
/// same control). Mapped only in Simulator mode; a cookie or API key whose current role may send.
/// </summary>
public static class SimulatedReplyEndpoints
{
    public const string Path = Hosting.RoutePrefixes.Api + "/simulator/replies";

    public sealed record ReplyRequest(string? From, string? Body);

    public static IEndpointRouteBuilder MapSimulatedReplies(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReplyAsync).RequireAuthorization(Policies.ApiSend).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Results<Ok<ReplyResult>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        ReplyRequest? request, ClaimsPrincipal user, [FromServices] SimulatedReplies replies, CancellationToken cancellationToken)
    {
        try
        {
            var status = await replies.SendAsync(request?.From ?? "", request?.Body ?? "", user.ToActor(), cancellationToken);
            return TypedResults.Ok(new ReplyResult(status));
        }
        catch (ActionNotAllowedException refused)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed to simulate replies", detail: refused.Message);
        }
        catch (SendSmsValidationException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors, title: "The reply was not simulated");
        }
    }

    /// <summary>The app's answer to the simulated webhook (200 when stored).</summary>
    public sealed record ReplyResult(int WebhookStatus);
}
