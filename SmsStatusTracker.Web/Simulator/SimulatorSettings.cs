namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// How the built-in Twilio simulator behaves (<c>Twilio:Simulator</c>). One mutable instance per app so
/// tests can switch chaos on and off while the app runs.
/// </summary>
public sealed class SimulatorSettings
{
    public const string Section = "Twilio:Simulator";

    /// <summary>Time between one status and the next (queued → sending → sent → delivered).</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Wait before retrying a callback the app answered with an error (Twilio waits longer).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Chance (0–1) that a callback is sent twice.</summary>
    public double DuplicateRate { get; set; }

    /// <summary>Chance (0–1) that a callback is never sent (the status still changes at "Twilio").</summary>
    public double DropRate { get; set; }

    /// <summary>Chance (0–1) that an accepted message ends undelivered with <see cref="FailureErrorCode"/>, whatever its number (alert rules: failure rate, error code).</summary>
    public double FailureRate { get; set; }

    /// <summary>The error code of the failures <see cref="FailureRate"/> makes (Twilio's 30003 to 30008).</summary>
    public int FailureErrorCode { get; set; } = 30003;

    /// <summary>Extra wait before the delivered status, on top of <see cref="StepDelay"/> (alert rules: p95 time to delivered).</summary>
    public TimeSpan DeliveryDelay { get; set; }

    /// <summary>Send a message's callbacks in random order, after all its status changes happened.</summary>
    public bool ShuffleOrder { get; set; }

    /// <summary>Send every callback before answering the create request, as when Twilio's response is slow.</summary>
    public bool CallbacksBeforeResponse { get; set; }

    /// <summary>How the simulated Messages API fails create requests (send), to test what the app does then.</summary>
    public SimulatedApiFailure ApiFailure { get; set; }

    /// <summary>With <see cref="SimulatedApiFailure.Timeout"/>: how long a create request hangs before answering (unless the caller gives up first).</summary>
    public TimeSpan TimeoutHang { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Run the simulator outside Development. Off by default: there it would answer every send with "delivered"
    /// while nothing leaves the app. With it on, every page shows a banner and readiness reports Degraded.
    /// </summary>
    public bool AllowOutsideDevelopment { get; set; }

    /// <summary>How many messages the simulated account remembers; the oldest settled ones make room for new ones.</summary>
    public int MaxMessages { get; set; } = 10_000;

    /// <summary>Seed for the chaos choices, so a failing run can be replayed. 0 picks one at random.</summary>
    public int Seed { get; set; }

    public static SimulatorSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SimulatorSettings>() ?? new SimulatorSettings();
}

/// <summary>Failure modes of the simulated API for create (send) requests.</summary>
public enum SimulatedApiFailure
{
    /// <summary>Behaves like Twilio.</summary>
    None,

    /// <summary>Answers 500 without creating the message.</summary>
    ServerError,

    /// <summary>Creates the message (its callbacks go out), then answers 500: the worst case for a sender.</summary>
    ServerErrorAfterCreate,

    /// <summary>Creates the message, then answers nothing for <see cref="SimulatorSettings.TimeoutHang"/>.</summary>
    Timeout,

    /// <summary>The SDK is pointed at a closed loopback port: every API request is refused before it is sent.</summary>
    ConnectionRefused,
}
