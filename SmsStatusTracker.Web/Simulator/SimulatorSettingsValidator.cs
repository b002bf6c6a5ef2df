using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Checks the <c>Twilio:Simulator</c> section at startup when the simulator runs; every message names the key to set.
/// Whether the simulator may run at all is <see cref="Hosting.TwilioModeValidator"/>'s decision.
/// </summary>
public sealed class SimulatorSettingsValidator : IValidateOptions<SimulatorSettings>
{
    public ValidateOptionsResult Validate(string? name, SimulatorSettings settings)
    {
        var failures = new List<string>();
        if (settings.MaxMessages < 1)
        {
            failures.Add($"{Key(nameof(SimulatorSettings.MaxMessages))} must be at least 1.");
        }

        NotNegative(failures, nameof(SimulatorSettings.StepDelay), settings.StepDelay);
        NotNegative(failures, nameof(SimulatorSettings.RetryDelay), settings.RetryDelay);
        NotNegative(failures, nameof(SimulatorSettings.TimeoutHang), settings.TimeoutHang);
        Chance(failures, nameof(SimulatorSettings.DuplicateRate), settings.DuplicateRate);
        Chance(failures, nameof(SimulatorSettings.DropRate), settings.DropRate);
        Chance(failures, nameof(SimulatorSettings.FailureRate), settings.FailureRate);
        NotNegative(failures, nameof(SimulatorSettings.DeliveryDelay), settings.DeliveryDelay);
        if (settings.FailureErrorCode is < 30001 or > 30999)
        {
            failures.Add($"{Key(nameof(SimulatorSettings.FailureErrorCode))} must be a Twilio delivery error code between 30001 and 30999, e.g. 30003.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string property) => $"{SimulatorSettings.Section}:{property}";

    private static void NotNegative(List<string> failures, string property, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero)
        {
            failures.Add($"{Key(property)} must not be negative, e.g. 00:00:01.");
        }
    }

    private static void Chance(List<string> failures, string property, double rate)
    {
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            failures.Add($"{Key(property)} must be a chance between 0 and 1, e.g. 0.1.");
        }
    }
}
