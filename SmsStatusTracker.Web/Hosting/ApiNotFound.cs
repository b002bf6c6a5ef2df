using Microsoft.AspNetCore.Authorization;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// A request under <c>/api</c> that no route matches (an unknown path, an id that is not a GUID) is a 404 problem for a
/// caller with API access (cookie or API key), never the sign-in redirect or a page; anonymous callers get the API's
/// 401 as for every other route. Routing's 405 (a path some route has, a method none takes — including any method on a
/// malformed id) is answered the same way: its rejection endpoint carries no API policy, so an API-key caller would
/// otherwise get 401. Routing's 415 (a body the route does not read) is left alone.
/// </summary>
public static class ApiNotFound
{
    // The display name routing gives the endpoint it selects to answer 405 (HttpMethodMatcherPolicy).
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    private static readonly Endpoint NotFound = new(
        context => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"The API has nothing at {context.Request.Method} {context.Request.Path}.")
            .ExecuteAsync(context),
        new EndpointMetadataCollection(new AuthorizeAttribute(Policies.ApiRead)),
        "API: not found");

    /// <summary>Runs after routing and before authorization, so the endpoint's API policy decides who hears the 404.</summary>
    public static IApplicationBuilder UseApiNotFound(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.IsApi() && context.GetEndpoint() is null or { DisplayName: MethodNotAllowedEndpoint })
            {
                context.SetEndpoint(NotFound);
            }

            return next(context);
        });
}
