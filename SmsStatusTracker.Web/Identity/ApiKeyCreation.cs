using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Web.Identity;

/// <summary>A new key and its token (shown once), or why none was made.</summary>
public sealed record ApiKeyCreation(ApiKey? Key, string? Token, string? Error)
{
    public static ApiKeyCreation Invalid(string error) => new(null, null, error);
}
