using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Web.Identity;

/// <summary>
/// <c>Authorization: Bearer sst_…</c>: the key acts as its owner, with the owner's current role. A revoked
/// key, or one whose owner was deactivated, is refused.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    ActorAuthorizer authorizer) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        // The owner as stored now (active, current role), read once: the endpoint's permission filter decides from it.
        var confirmation = await authorizer.ConfirmKeyAsync(key, Context.RequestAborted);
        if (confirmation.User is not { } owner)
        {
            return AuthenticateResult.Fail("The API key's owner is deactivated.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, owner.UserId),
                new Claim(ClaimTypes.Name, owner.Email),
                new Claim(ClaimTypes.Email, owner.Email),
                new Claim(ClaimTypes.Role, owner.Role),
                new Claim(KeyIdClaim, key.Id.ToString()),
            ],
            SchemeName,
            ClaimTypes.Name,
            ClaimTypes.Role);
        if (confirmation.SecurityStamp is { } stamp)
        {
            // As a cookie carries it: a hub connection opened with this key closes when the account changes.
            identity.AddClaim(new Claim(ActorClaims.SecurityStampClaimType, stamp));
        }

        Context.Features.Set(new ConfirmedCaller(new ClaimsPrincipal(identity).ToActor(), confirmation));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Task.CompletedTask;
    }
}
