using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Hubs;

/// <summary>
/// Who may listen to the feed: signed-in users, API keys (integrations), and this process's own relay, which proves itself with a
/// random key that never leaves the process.
/// </summary>
public static class MessageFeedAuthorization
{
    public const string Policy = "MessageFeed";
    public const string RelayScheme = "MessageFeedRelay";
    public const string RelayKeyHeader = "X-Message-Feed-Relay-Key";
}

/// <summary>The per-process secret the relay presents.</summary>
public sealed class RelayKey
{
    public string Value { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(Value));
}

public sealed class RelayKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    RelayKey key) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(MessageFeedAuthorization.RelayKeyHeader, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!key.Matches(presented.ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong relay key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "message-feed-relay")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
