namespace SmsStatusTracker.Core.Twilio;

/// <summary>The <c>Twilio</c> configuration section.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The simulator's account. Not a real account; documented so local tools can sign requests.</summary>
    public const string SimulatorAccountSid = "AC00000000000000000000000000000000";

    /// <summary>
    /// The simulator's auth token in Development when none is configured. Public on purpose, so local tools can
    /// sign requests; outside Development the host replaces it with a random one (it would protect nothing).
    /// </summary>
    public const string SimulatorAuthToken = "simulator-development-auth-token";

    /// <summary>Twilio's test-credential "from" number that always works.</summary>
    public const string SimulatorFrom = "+15005550006";

    /// <summary>
    /// Simulator when unset, which only Development allows: elsewhere the host refuses to start until
    /// <c>Twilio:Mode</c> is set explicitly.
    /// </summary>
    public TwilioMode Mode { get; set; } = TwilioMode.Simulator;

    public string? AccountSid { get; set => field = Blank(value); }

    public string? AuthToken { get; set => field = Blank(value); }

    /// <summary>The sending number in E.164 form. Either this or <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set => field = Blank(value); }

    public string? MessagingServiceSid { get; set => field = Blank(value); }

    /// <summary>
    /// The URL Twilio reaches this app at (an ngrok tunnel, a proxy's public name). Callbacks are signed
    /// over it, so it must match exactly what Twilio calls. Defaults to the listening address in Simulator mode.
    /// </summary>
    public string? PublicBaseUrl { get; set => field = Blank(value); }

    /// <summary>
    /// Twilio connection overrides appended to the StatusCallback URL as its fragment: retry up to 3 times
    /// on 5xx answers, connect timeouts and read timeouts (so a 503 while the store is down gets retried).
    /// </summary>
    public string CallbackConnectionOverrides { get; set; } = "rc=3&rp=5xx,ct,rt";

    /// <summary>How often a send is retried when the connection to Twilio could not even be opened.</summary>
    public int ConnectRetries { get; set; } = 2;

    /// <summary>How long one request to Twilio's API may take before its outcome counts as unknown.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public string EffectiveAccountSid => Mode == TwilioMode.Simulator ? AccountSid ?? SimulatorAccountSid : AccountSid ?? "";

    public string EffectiveAuthToken => Mode == TwilioMode.Simulator ? AuthToken ?? SimulatorAuthToken : AuthToken ?? "";

    public string? EffectiveFrom => Mode == TwilioMode.Simulator && MessagingServiceSid is null ? From ?? SimulatorFrom : From;

    // Placeholders in appsettings.json ("") mean "not set".
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
