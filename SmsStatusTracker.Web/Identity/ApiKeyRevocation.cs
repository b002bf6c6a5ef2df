namespace SmsStatusTracker.Web.Identity;

/// <summary>What revoking a key came to.</summary>
public enum ApiKeyRevocation
{
    Revoked,
    NotFound,
    Forbidden,
}
