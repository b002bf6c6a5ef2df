using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// Signing secrets in the Standard Webhooks form <c>whsec_&lt;base64 of 32 random bytes&gt;</c>. Stored encrypted with
/// the shared Data Protection key ring (the one that protects sign-in cookies), so a copy of the database alone
/// does not let anyone forge deliveries; decrypted only to sign.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";

    private readonly IDataProtector protector = provider.CreateProtector("SmsStatusTracker.OutboundWebhooks.Secret.v1");

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The HMAC key of a <c>whsec_</c> secret: the bytes its base64 part encodes.</summary>
    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
