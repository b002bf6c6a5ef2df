using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.ActivityLog;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// Single-use, expiring sign-in link tokens. A token is the user's id and 256 random bits; only a SHA-256 hash
/// of the secret and its expiry are stored, as the user's authentication token, so a new link replaces the
/// previous one and redeeming removes it. Redeeming goes through the user's concurrency stamp, so of two
/// simultaneous redemptions of one link only one succeeds.
/// </summary>
public sealed class SignInLinks(UserManager<TrackerUser> users, TimeProvider time, IOptions<AuthOptions> options, ActivityRecorder activity)
{
    public const string TokenProvider = "SmsStatusTracker";
    public const string TokenName = "SignInLink";

    /// <summary>A new link token for an active user, replacing any earlier one; null for an unknown or deactivated address.</summary>
    public async Task<string?> IssueAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !user.IsActive)
        {
            return null;
        }

        var secret = RandomNumberGenerator.GetBytes(32);
        var expires = time.GetUtcNow() + options.Value.SignInLinkLifetime;
        var stored = $"{expires.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}:{Hash(secret)}";
        var result = await users.SetAuthenticationTokenAsync(user, TokenProvider, TokenName, stored);
        return result.Succeeded ? $"{user.Id}.{Base64Url(secret)}" : null;
    }

    /// <summary>What redeeming <paramref name="token"/> would do now, without using it up.</summary>
    public async Task<SignInLinkCheck> CheckAsync(string? token) => (await FindAsync(token)).Check;

    /// <summary>Uses the link up and records the sign-in; the user is returned only when the link was valid.</summary>
    public async Task<(SignInLinkCheck Check, TrackerUser? User)> RedeemAsync(string? token)
    {
        var (check, user) = await FindAsync(token);
        if (check != SignInLinkCheck.Valid || user is null)
        {
            return (check, null);
        }

        user.LastSignInAt = time.GetUtcNow();
        var removed = await users.RemoveAuthenticationTokenAsync(user, TokenProvider, TokenName);
        // Losing the concurrency race means another request used this link first.
        if (!removed.Succeeded)
        {
            return (SignInLinkCheck.Invalid, null);
        }

        // Every browser session starts here: redeeming a link is the one way in.
        var email = user.Email ?? user.UserName ?? user.Id;
        await activity.RecordAsync(email, ActivityKind.SignIn, email, "with an emailed link");
        return (SignInLinkCheck.Valid, user);
    }

    private async Task<(SignInLinkCheck Check, TrackerUser? User)> FindAsync(string? token)
    {
        var parts = token?.Split('.', 2);
        if (parts is not [{ Length: > 0 } userId, { Length: > 0 } secretText] || !TryFromBase64Url(secretText, out var secret))
        {
            return (SignInLinkCheck.Invalid, null);
        }

        var user = await users.FindByIdAsync(userId);
        var stored = user is null ? null : await users.GetAuthenticationTokenAsync(user, TokenProvider, TokenName);
        var storedParts = stored?.Split(':', 2);
        if (user is null || storedParts is not [var expiresText, var hash] || !long.TryParse(expiresText, CultureInfo.InvariantCulture, out var expiresMs))
        {
            return (SignInLinkCheck.Invalid, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(secret))))
        {
            return (SignInLinkCheck.Invalid, null);
        }

        if (!user.IsActive)
        {
            return (SignInLinkCheck.Invalid, null);
        }

        return time.GetUtcNow() >= DateTimeOffset.FromUnixTimeMilliseconds(expiresMs)
            ? (SignInLinkCheck.Expired, null)
            : (SignInLinkCheck.Valid, user);
    }

    private static string Hash(byte[] secret) => Convert.ToBase64String(SHA256.HashData(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length > 64)
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        var buffer = new byte[48];
        if (!Convert.TryFromBase64String(padded, buffer, out var written) || written != 32)
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}

/// <summary>Why a sign-in link can or cannot be used. Used, tampered and revoked links all read as <see cref="Invalid"/>.</summary>
public enum SignInLinkCheck
{
    Valid,
    Expired,
    Invalid,
}
