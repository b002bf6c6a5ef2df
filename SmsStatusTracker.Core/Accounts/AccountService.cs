using System.Net.Mail;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// Invite-only user management over ASP.NET Core Identity, safe to call from a long-lived Blazor circuit:
/// every call works in its own DI scope, so no stale user entity outlives it. Changes are serialised in this
/// process; removing an admin (deactivation, another role) is also decided atomically by the store's
/// <see cref="IAdminGuard"/>, so two processes cannot together remove the last active admin either.
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes, TimeProvider time, ILogger<AccountService> logger)
{
    /// <summary>Why a change that would leave no active admin was refused.</summary>
    public const string LastActiveAdminError = "This is the last active admin: make someone else Admin first.";

    private readonly SemaphoreSlim changes = new(1, 1);

    /// <summary>Every user with their role, ordered by email.</summary>
    public Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken) =>
        InScopeAsync<IReadOnlyList<AccountSummary>>(async (users, services) =>
        {
            var all = await services.GetRequiredService<IUserDirectory>().ListAsync(cancellationToken);
            var summaries = new List<AccountSummary>(all.Count);
            foreach (var user in all)
            {
                cancellationToken.ThrowIfCancellationRequested();
                summaries.Add(await SummarizeAsync(users, user));
            }

            return summaries.OrderBy(s => s.Email, StringComparer.OrdinalIgnoreCase).ToList();
        });

    public Task<AccountSummary?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        InScopeAsync(async users => await users.FindByIdAsync(userId) is { } user ? await SummarizeAsync(users, user) : null);

    public Task<AccountSummary?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        InScopeAsync(async users => await users.FindByEmailAsync(email.Trim()) is { } user ? await SummarizeAsync(users, user) : null);

    /// <summary>
    /// The principal a request made by this user would carry (name, id, email, role and security stamp claims),
    /// or null when the user is unknown or deactivated. Another authentication handler (API keys) can map its
    /// credential to the owner's id and sign in with this, giving it exactly the owner's rights.
    /// </summary>
    public Task<ClaimsPrincipal?> CreatePrincipalAsync(string userId, CancellationToken cancellationToken) =>
        InScopeAsync(async (users, services) =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null || !user.IsActive)
            {
                return null;
            }

            return await services.GetRequiredService<IUserClaimsPrincipalFactory<TrackerUser>>().CreateAsync(user);
        });

    /// <summary>Creates the user with one role. Refused when the address is not valid, the role unknown or the user exists.</summary>
    public Task<AccountResult> InviteAsync(string email, string role, CancellationToken cancellationToken) =>
        ChangeAsync(async users =>
        {
            if (!TryNormalizeEmail(email, out var address))
            {
                return AccountResult.Fail("Enter a valid email address.");
            }

            if (!AppRoles.IsKnown(role))
            {
                return AccountResult.Fail($"Unknown role '{role}'.");
            }

            if (await users.FindByEmailAsync(address) is not null)
            {
                return AccountResult.Fail($"{address} already has an account.");
            }

            var user = new TrackerUser(address) { CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return AccountResult.Fail(Describe(created));
            }

            var added = await users.AddToRoleAsync(user, role);
            logger.LogInformation("Invited {UserId} as {Role}", user.Id, role);
            return added.Succeeded ? AccountResult.Ok(user.Id) : AccountResult.Fail(Describe(added));
        }, cancellationToken);

    public Task<AccountResult> ChangeRoleAsync(string userId, string role, CancellationToken cancellationToken) =>
        ChangeAsync(async (users, services) =>
        {
            if (!AppRoles.IsKnown(role))
            {
                return AccountResult.Fail($"Unknown role '{role}'.");
            }

            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return AccountResult.Fail("No such user.");
            }

            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role)
            {
                return AccountResult.Ok(user.Id);
            }

            // Taking Admin away is decided by the store, atomically, so another process cannot take the other admin at once.
            if (role != AppRoles.Admin && current.Contains(AppRoles.Admin)
                && !await services.GetRequiredService<IAdminGuard>().TryRemoveAdminAsync(user.Id, cancellationToken))
            {
                return AccountResult.Fail(LastActiveAdminError);
            }

            return await InScopeAsync(async fresh =>
            {
                // The guard changed the stored user (and its concurrency stamp): carry on with a fresh copy.
                if (await fresh.FindByIdAsync(userId) is not { } reread)
                {
                    return AccountResult.Fail("No such user.");
                }

                var remaining = await fresh.GetRolesAsync(reread);
                if (role != AppRoles.Admin && remaining.Contains(AppRoles.Admin))
                {
                    // Made Admin again (elsewhere) since the guard ran: taking it now would bypass the guard.
                    return AccountResult.Fail("The user's role changed meanwhile; try again.");
                }

                if (remaining.Count > 0)
                {
                    var removed = await fresh.RemoveFromRolesAsync(reread, remaining);
                    if (!removed.Succeeded)
                    {
                        return AccountResult.Fail(Describe(removed));
                    }
                }

                var added = await fresh.AddToRoleAsync(reread, role);
                if (!added.Succeeded)
                {
                    return AccountResult.Fail(Describe(added));
                }

                // Sessions carry the role as a claim: a new stamp makes them pick up the new role (or end) promptly.
                var stamped = await fresh.UpdateSecurityStampAsync(reread);
                logger.LogInformation("Changed the role of {UserId} to {Role}", reread.Id, role);
                return stamped.Succeeded ? AccountResult.Ok(reread.Id) : AccountResult.Fail(Describe(stamped));
            });
        }, cancellationToken);

    /// <summary>Blocks new sign-ins and ends existing sessions (new security stamp, pending sign-in links dropped).</summary>
    public Task<AccountResult> DeactivateAsync(string userId, CancellationToken cancellationToken) =>
        ChangeAsync(async (users, services) =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return AccountResult.Fail("No such user.");
            }

            if (!user.IsActive)
            {
                return AccountResult.Ok(user.Id);
            }

            if (!await services.GetRequiredService<IAdminGuard>().TryDeactivateAsync(user.Id, time.GetUtcNow(), cancellationToken))
            {
                return AccountResult.Fail(LastActiveAdminError);
            }

            return await InScopeAsync(async fresh =>
            {
                if (await fresh.FindByIdAsync(userId) is not { } reread)
                {
                    return AccountResult.Fail("No such user.");
                }

                await fresh.RemoveAuthenticationTokenAsync(reread, SignInLinks.TokenProvider, SignInLinks.TokenName);
                var stamped = await fresh.UpdateSecurityStampAsync(reread);
                logger.LogInformation("Deactivated {UserId}", reread.Id);
                return stamped.Succeeded ? AccountResult.Ok(reread.Id) : AccountResult.Fail(Describe(stamped));
            });
        }, cancellationToken);

    public Task<AccountResult> ReactivateAsync(string userId, CancellationToken cancellationToken) =>
        ChangeAsync(async users =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return AccountResult.Fail("No such user.");
            }

            user.DeactivatedAt = null;
            var updated = await users.UpdateAsync(user);
            logger.LogInformation("Reactivated {UserId}", user.Id);
            return updated.Succeeded ? AccountResult.Ok(user.Id) : AccountResult.Fail(Describe(updated));
        }, cancellationToken);

    /// <summary>Creates the address as Admin unless it already has an account (whose role is then left alone).</summary>
    public async Task<AccountResult> EnsureAdminAsync(string email, CancellationToken cancellationToken)
    {
        var result = await InviteAsync(email, AppRoles.Admin, cancellationToken);
        if (!result.Succeeded && await FindByEmailAsync(email, cancellationToken) is { } existing)
        {
            return AccountResult.Ok(existing.Id);
        }

        return result;
    }

    public static bool TryNormalizeEmail(string? email, out string address)
    {
        address = "";
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length is 0 or > 254 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || parsed.DisplayName.Length > 0)
        {
            return false;
        }

        address = trimmed;
        return true;
    }

    private static async Task<AccountSummary> SummarizeAsync(UserManager<TrackerUser> users, TrackerUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var role = AppRoles.All.FirstOrDefault(roles.Contains) ?? AppRoles.Viewer;
        return new AccountSummary(user.Id, user.Email ?? user.UserName ?? "", role, user.IsActive, user.CreatedAt, user.LastSignInAt);
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private Task<AccountResult> ChangeAsync(Func<UserManager<TrackerUser>, Task<AccountResult>> change, CancellationToken cancellationToken) =>
        ChangeAsync((users, _) => change(users), cancellationToken);

    private async Task<AccountResult> ChangeAsync(Func<UserManager<TrackerUser>, IServiceProvider, Task<AccountResult>> change, CancellationToken cancellationToken)
    {
        await changes.WaitAsync(cancellationToken);
        try
        {
            return await InScopeAsync(change);
        }
        finally
        {
            changes.Release();
        }
    }

    private Task<T> InScopeAsync<T>(Func<UserManager<TrackerUser>, Task<T>> work) => InScopeAsync((users, _) => work(users));

    private async Task<T> InScopeAsync<T>(Func<UserManager<TrackerUser>, IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<TrackerUser>>(), scope.ServiceProvider);
    }
}
