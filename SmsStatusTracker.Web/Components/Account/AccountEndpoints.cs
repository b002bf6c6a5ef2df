using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/sign-out</c> (a form with an antiforgery token): ends this browser's session.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(IdentityRegistration.SignOutPath, async ([FromServices] SignInManager<TrackerUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(IdentityRegistration.SignInPath + "?signedOut=true");
        }).AllowAnonymous();
        return endpoints;
    }
}
