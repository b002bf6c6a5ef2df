using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SmsStatusTracker.Core.ApiKeys;

/// <summary>
/// The key as handed out: <c>sst_{id}_{secret}</c>. The id finds the stored record; the secret is checked
/// against its hash in constant time.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "sst_";

    public static (string Token, string SecretHash) Create(Guid id)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id:N}_{secret}", Hash(secret));
    }

    public static bool TryParse(string? token, out Guid id, [NotNullWhen(true)] out string? secret)
    {
        id = Guid.Empty;
        secret = null;
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return false;
        }

        var parts = token[Prefix.Length..].Split('_', 2);
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out id) || parts[1].Length < 20)
        {
            return false;
        }

        secret = parts[1];
        return true;
    }

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
