using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Email;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.RateLimiting;

namespace SmsStatusTracker.Web.Identity;

public static class IdentityRegistration
{
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string AccessDeniedPath = "/account/access-denied";

    /// <summary>
    /// Cookie sign-in on ASP.NET Core Identity with our stores, passwordless links, invite-only accounts, the
    /// fallback "signed in" policy, and the rate limits. Another authentication scheme (API keys) can be added
    /// with <c>services.AddAuthentication().AddScheme&lt;...&gt;(...)</c> and named in a policy.
    /// </summary>
    public static WebApplicationBuilder AddTrackerIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        services.AddIdentity<TrackerUser, IdentityRole>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.SignIn.RequireConfirmedEmail = false;
                identity.Lockout.AllowedForNewUsers = false;
            });
        // The stores come with the rest of the storage in AddSmsStatusTrackerCore (StorageRegistration).
        services.AddTrackerAccounts();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = SignInPath;
            cookie.LogoutPath = SignOutPath;
            cookie.AccessDeniedPath = AccessDeniedPath;
            cookie.Cookie.Name = "SmsStatusTracker.Auth";
            Harden(cookie.Cookie, development);
            cookie.ExpireTimeSpan = auth.SessionLifetime;
            cookie.SlidingExpiration = true;
            // Scripts calling the API (and hub clients) get status codes, not a redirect to the sign-in page.
            cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        // Identity's other cookies (external, two-factor) are unused but get the same flags, as does antiforgery's.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, cookie => Harden(cookie.Cookie, development));
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, cookie => Harden(cookie.Cookie, development));
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, cookie => Harden(cookie.Cookie, development));
        services.AddAntiforgery(antiforgery => Harden(antiforgery.Cookie, development));

        // Deactivation and role changes rotate the security stamp; sessions re-check it this often.
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = auth.SessionValidationInterval);

        services.AddTrackerPolicies();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddMail(configuration, builder.Environment);
        services.AddSingleton<ApiKeyManager>();
        services.AddSingleton<SignInLinkMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<SignInLinkMailer>());
        services.AddTrackerRateLimits(configuration);
        return builder;
    }

    /// <summary>
    /// The authorization policies. They check the role table (<see cref="AppRoles.Grants"/>) on the principal; what
    /// acts checks the store again (<see cref="ActorAuthorizer"/>).
    /// </summary>
    public static IServiceCollection AddTrackerPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ViewMessages, policy => policy.RequireAssertion(context => context.User.May(AppPermission.ViewMessages)))
            .AddPolicy(Policies.ManageOwnApiKeys, policy => policy.RequireAssertion(context => context.User.May(AppPermission.ManageOwnApiKeys)))
            .AddPolicy(Policies.Admin, policy => policy.RequireAssertion(context => context.User.May(AppPermission.ManageUsers)))
            .AddPolicy(Policies.Send, policy => policy.RequireAssertion(context => context.User.May(AppPermission.SendMessages)))
            .AddPolicy(Policies.ApiRead, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAssertion(context => context.User.May(AppPermission.ViewMessages)))
            .AddPolicy(Policies.ApiSend, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAssertion(context => context.User.May(AppPermission.SendMessages)));
        return services;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.IsApiOrHub() || Endpoints.OpenApi.OpenApiRegistration.IsDocument(context.Request.Path))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>The flags every cookie of the app gets: not readable by scripts, not sent cross-site, https only outside Development.</summary>
    private static void Harden(CookieBuilder cookie, bool development)
    {
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Lax;
        cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    }
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Pages that show messages: any signed-in role.</summary>
    public const string ViewMessages = "ViewMessages";

    /// <summary>The API keys page: any signed-in role manages their own keys.</summary>
    public const string ManageOwnApiKeys = "ManageOwnApiKeys";

    /// <summary>User administration.</summary>
    public const string Admin = "Admin";

    /// <summary>Controls that send (offered only; <c>SmsSender</c> decides).</summary>
    public const string Send = "Send";

    /// <summary>The REST API: a signed-in user or an API key, any role.</summary>
    public const string ApiRead = "ApiRead";

    /// <summary>The REST API's send: a signed-in user or an API key of an Admin or Operator.</summary>
    public const string ApiSend = "ApiSend";
}
