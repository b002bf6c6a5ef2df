namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// A receiver an Admin registered. <see cref="ProtectedSecret"/> is the signing secret encrypted with the app's
/// Data Protection key ring (<see cref="WebhookSecrets"/>); the plain secret is shown once, at creation.
/// <see cref="FailingSince"/> and <see cref="ConsecutiveFailedEvents"/> are its health, for automatic disabling.
/// </summary>
public sealed record WebhookEndpoint
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    public required WebhookSubscription Subscription { get; init; }

    public bool Enabled { get; init; } = true;

    public required string ProtectedSecret { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>Why it was disabled (by an Admin, or automatically after persistent failure); null while enabled.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>The first failed attempt since the last success; null while deliveries succeed.</summary>
    public DateTimeOffset? FailingSince { get; init; }

    /// <summary>Events given up on (failed permanently) in a row, since the last success.</summary>
    public int ConsecutiveFailedEvents { get; init; }

    /// <summary>True when an event of <paramref name="kind"/> (for a change into a final status when <paramref name="final"/>) goes to this endpoint.</summary>
    public bool Wants(WebhookSubscription kind, bool final) =>
        kind == WebhookSubscription.Alerts
            ? Subscription.HasFlag(WebhookSubscription.Alerts)
            : Subscription.HasFlag(WebhookSubscription.StatusChanges) || (final && Subscription.HasFlag(WebhookSubscription.FinalStatuses));
}
