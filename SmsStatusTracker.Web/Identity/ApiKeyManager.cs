using System.Security.Claims;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Web.Identity;

/// <summary>
/// API keys as the signed-in user may see and change them: their own, or everyone's for an Admin. The page
/// hides what a user may not do; this is where it is refused. Each call confirms the user against the store
/// first (<see cref="ActorAuthorizer"/>), so a page opened before a deactivation or demotion cannot act after it:
/// it throws <see cref="ActionNotAllowedException"/>.
/// </summary>
public sealed class ApiKeyManager(ApiKeyService keys, AccountService accounts, ActorAuthorizer authorizer, ActivityRecorder activity)
{
    public const int MaxNameLength = 100;

    /// <summary>The user's keys, or every key with its owner's email for an Admin; newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var acting = await authorizer.AuthorizeAsync(user.ToActor(), AppPermission.ManageOwnApiKeys, cancellationToken);
        if (acting.May(AppPermission.ManageUsers))
        {
            var all = await keys.ListAsync(null, cancellationToken);
            var emails = (await accounts.ListAsync(cancellationToken)).ToDictionary(a => a.Id, a => a.Email, StringComparer.Ordinal);
            return all.Select(k => new ApiKeyRow(k, emails.GetValueOrDefault(k.UserId) ?? "(deleted user)")).ToList();
        }

        var own = await keys.ListAsync(acting.UserId, cancellationToken);
        return own.Select(k => new ApiKeyRow(k, acting.Email)).ToList();
    }

    /// <summary>A key for the signed-in user (any role: a Viewer's key reads only, as the Viewer does).</summary>
    public async Task<ApiKeyCreation> CreateAsync(ClaimsPrincipal user, string? name, CancellationToken cancellationToken)
    {
        var acting = await authorizer.AuthorizeAsync(user.ToActor(), AppPermission.ManageOwnApiKeys, cancellationToken);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return ApiKeyCreation.Invalid("Give the key a name, e.g. the script that will use it.");
        }

        if (trimmed.Length > MaxNameLength)
        {
            return ApiKeyCreation.Invalid($"The name can be at most {MaxNameLength} characters.");
        }

        var (key, token) = await keys.CreateAsync(acting.UserId, trimmed, cancellationToken);
        await activity.RecordAsync(acting.Label, ActivityKind.ApiKeyCreated, key.Name, $"key {key.Id}");
        return new ApiKeyCreation(key, token, null);
    }

    /// <summary>Revokes a key the user owns; an Admin may revoke any key.</summary>
    public async Task<ApiKeyRevocation> RevokeAsync(ClaimsPrincipal user, Guid keyId, CancellationToken cancellationToken)
    {
        var acting = await authorizer.AuthorizeAsync(user.ToActor(), AppPermission.ManageOwnApiKeys, cancellationToken);
        var key = await keys.FindAsync(keyId, cancellationToken);
        if (key is null)
        {
            return ApiKeyRevocation.NotFound;
        }

        if (!string.Equals(key.UserId, acting.UserId, StringComparison.Ordinal) && !acting.May(AppPermission.ManageUsers))
        {
            return ApiKeyRevocation.Forbidden;
        }

        if (key.IsRevoked)
        {
            return ApiKeyRevocation.Revoked;
        }

        if (!await keys.RevokeAsync(keyId, cancellationToken))
        {
            return ApiKeyRevocation.NotFound;
        }

        var owner = string.Equals(key.UserId, acting.UserId, StringComparison.Ordinal)
            ? acting.Email
            : (await accounts.FindByIdAsync(key.UserId, cancellationToken))?.Email ?? "(deleted user)";
        await activity.RecordAsync(acting.Label, ActivityKind.ApiKeyRevoked, key.Name, $"key {key.Id} of {owner}");
        return ApiKeyRevocation.Revoked;
    }
}
