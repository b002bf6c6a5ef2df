namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

/// <summary>
/// One Twilio webhook post this app refused, as the webhook doctor shows it. Holds no secret: never the auth token,
/// only the first characters of the signature, and header values cut to <see cref="RejectedCallbackLog.MaxValueLength"/>.
/// </summary>
public sealed record RejectedCallback
{
    public required DateTimeOffset At { get; init; }

    /// <summary>The webhook's path (status callbacks or incoming messages).</summary>
    public required string Path { get; init; }

    /// <summary>A <see cref="CallbackOutcome"/> reason: signature, account, content_type, too_large, invalid.</summary>
    public required string Reason { get; init; }

    public required int StatusCode { get; init; }

    /// <summary>The URL the signature was checked against (<see cref="TwilioSignatureValidator.CalledUrl"/>).</summary>
    public required string CheckedUrl { get; init; }

    /// <summary><c>Twilio:PublicBaseUrl</c> when set.</summary>
    public string? ConfiguredBaseUrl { get; init; }

    /// <summary>Proxy headers as they reached the app, and the X-Original-* the forwarded-headers middleware left when it applied them.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> ProxyHeaders { get; init; }

    public string? RemoteAddress { get; init; }

    /// <summary>The first characters of <c>X-Twilio-Signature</c> followed by "…", or null when it was missing.</summary>
    public string? SignaturePrefix { get; init; }

    /// <summary>The URL the signature does match among the candidates tried, when one does.</summary>
    public string? SignedUrl { get; init; }

    public int CandidatesTried { get; init; }

    /// <summary>What to change, in a sentence.</summary>
    public required string Advice { get; init; }
}
