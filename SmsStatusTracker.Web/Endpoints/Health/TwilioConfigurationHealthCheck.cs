using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Web.Endpoints.Health;

/// <summary>
/// In Live mode, ready only with the credentials, a sender and a public URL configured (values are never shown).
/// The simulator is healthy in Development and Degraded anywhere else: the app works, but no SMS leaves it.
/// </summary>
public sealed class TwilioConfigurationHealthCheck(IOptionsMonitor<TwilioOptions> options, IHostEnvironment environment) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var twilio = options.CurrentValue;
        if (twilio.Mode == TwilioMode.Simulator)
        {
            return Task.FromResult(SimulatorNotice.IsShown(twilio, environment)
                ? HealthCheckResult.Degraded($"{SimulatorNotice.Text} (Twilio:Mode is Simulator outside Development).")
                : HealthCheckResult.Healthy("Twilio simulator."));
        }

        var missing = new[]
        {
            ("Twilio:AccountSid", twilio.AccountSid),
            ("Twilio:AuthToken", twilio.AuthToken),
            ("Twilio:From or Twilio:MessagingServiceSid", twilio.From ?? twilio.MessagingServiceSid),
            ("Twilio:PublicBaseUrl", twilio.PublicBaseUrl),
        }.Where(setting => string.IsNullOrWhiteSpace(setting.Item2)).Select(setting => setting.Item1).ToArray();

        return Task.FromResult(missing.Length == 0
            ? HealthCheckResult.Healthy("Twilio Live is configured.")
            : HealthCheckResult.Unhealthy($"Twilio Live is missing {string.Join(", ", missing)}."));
    }
}
