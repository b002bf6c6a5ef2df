using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Endpoints.Health;

/// <summary>In Live mode, ready only with the credentials, a sender and a public URL configured (values are never shown).</summary>
public sealed class TwilioConfigurationHealthCheck(IOptionsMonitor<TwilioOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var twilio = options.CurrentValue;
        if (twilio.Mode == TwilioMode.Simulator)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Twilio simulator."));
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
