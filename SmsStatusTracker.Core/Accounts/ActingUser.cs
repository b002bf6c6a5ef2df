using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>An <see cref="Actor"/> that the store has just confirmed: active, current, with its current role.</summary>
public sealed record ActingUser(string UserId, string Email, string Role, ApiKey? ApiKey)
{
    /// <summary>What a message records as its sender: the user's email, and for an API key its name too.</summary>
    public string Label => ApiKey is null ? Email : $"{Email} (API key \"{ApiKey.Name}\")";

    public bool May(AppPermission permission) => AppRoles.Grants(Role, permission);
}
