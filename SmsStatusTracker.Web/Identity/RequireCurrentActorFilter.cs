using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.Identity;

/// <summary>
/// An endpoint filter that confirms the caller against the store (<see cref="ActorAuthorizer"/>) before the handler
/// runs: a cookie issued before a deactivation or role change is otherwise accepted until its stamp is next checked.
/// Refused callers get 403 problem details.
/// </summary>
public sealed class RequireCurrentActorFilter(AppPermission permission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authorizer = http.RequestServices.GetRequiredService<ActorAuthorizer>();
        var actor = http.User.ToActor();
        var check = ConfirmedCaller.For(http, actor, permission) ?? await authorizer.CheckAsync(actor, permission, http.RequestAborted);
        if (check.User is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: check.Refusal);
        }

        // The handler's own re-check (a send's) finds this answer instead of asking the store again.
        ActorCheckMemo.Remember(actor, permission, check);
        return await next(context);
    }
}
