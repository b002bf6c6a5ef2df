using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Outside Development nothing picks the simulator for the operator: <c>Twilio:Mode</c> must be set, and the
/// simulator needs <c>Twilio:Simulator:AllowOutsideDevelopment</c>, or every "delivered" would be made up.
/// Development keeps the simulator as its default (appsettings.Development.json).
/// </summary>
public sealed class TwilioModeValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<TwilioOptions>
{
    public const string ModeKey = TwilioOptions.Section + ":Mode";
    public const string AllowOutsideDevelopmentKey = SimulatorSettings.Section + ":" + nameof(SimulatorSettings.AllowOutsideDevelopment);

    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(configuration[ModeKey]))
        {
            return ValidateOptionsResult.Fail(
                $"{ModeKey} must be set outside Development: Live to send real SMS, or Simulator (with {AllowOutsideDevelopmentKey}=true) " +
                $"to send none. Environment: {environment.EnvironmentName}.");
        }

        if (options.Mode != TwilioMode.Simulator)
        {
            return ValidateOptionsResult.Success;
        }

        // The simulator's own settings are SimulatorSettingsValidator's.
        return !environment.IsDevelopment() && !SimulatorSettings.From(configuration).AllowOutsideDevelopment
            ? ValidateOptionsResult.Fail(
                $"{AllowOutsideDevelopmentKey} must be true to run the Twilio simulator outside Development (no SMS leaves this app); " +
                $"or set {ModeKey} to Live. Environment: {environment.EnvironmentName}.")
            : ValidateOptionsResult.Success;
    }
}
