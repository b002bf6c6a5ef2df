using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>The <c>OutboundWebhooks</c> section: delivery timing, retries, automatic disabling and address rules.</summary>
public sealed class OutboundWebhookOptions
{
    public const string Section = "OutboundWebhooks";

    /// <summary>Allow private, loopback, link-local and unique-local receivers (an integrator on the same network). Off: no SSRF into the app's network.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Allow loopback receivers, over http too. The host turns this on in Development.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long one delivery may take before it counts as a timeout (and is retried).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each later one waits four times longer, up to <see cref="MaxRetryDelay"/>, ±20 % jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long after its creation an event is still retried; then it fails permanently.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the dispatcher looks for due events when it found none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An endpoint whose every attempt failed for this long is disabled (and the Admins emailed).</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint with this many events in a row given up on is disabled (and the Admins emailed).</summary>
    public int DisableAfterFailedEvents { get; set; } = 20;

    /// <summary>Deliveries in flight at once (to different endpoints or messages; one message's events never overlap).</summary>
    public int Concurrency { get; set; } = 8;
}

public sealed class OutboundWebhookOptionsValidator : IValidateOptions<OutboundWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboundWebhookOptions options)
    {
        var errors = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"OutboundWebhooks:{key} must be positive (a time span such as 00:00:10).");
            }
        }

        Positive(options.Timeout, nameof(options.Timeout));
        Positive(options.FirstRetryDelay, nameof(options.FirstRetryDelay));
        Positive(options.MaxRetryDelay, nameof(options.MaxRetryDelay));
        Positive(options.RetryFor, nameof(options.RetryFor));
        Positive(options.PollInterval, nameof(options.PollInterval));
        Positive(options.DisableAfterFailingFor, nameof(options.DisableAfterFailingFor));
        if (options.DisableAfterFailedEvents < 1)
        {
            errors.Add("OutboundWebhooks:DisableAfterFailedEvents must be at least 1.");
        }

        if (options.Concurrency is < 1 or > 64)
        {
            errors.Add("OutboundWebhooks:Concurrency must be between 1 and 64.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
