using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>What the app says wherever the simulator runs outside Development: the page banner and readiness.</summary>
public static class SimulatorNotice
{
    public const string Text = "Simulator: no SMS leaves this app";

    /// <summary>In Development the simulator is the expected default; anywhere else it is an opt-in worth a warning.</summary>
    public static bool IsShown(TwilioOptions twilio, IHostEnvironment environment) =>
        twilio.Mode == TwilioMode.Simulator && !environment.IsDevelopment();
}
