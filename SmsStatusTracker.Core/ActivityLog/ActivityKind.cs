namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>What an activity-log entry records. The wire names (<see cref="ActivityKinds"/>) are what the stores keep.</summary>
public enum ActivityKind
{
    SignIn,
    SignInLinkSent,
    Invite,
    RoleChange,
    Deactivate,
    Reactivate,
    ApiKeyCreated,
    ApiKeyRevoked,
    Send,
    Resend,
}

/// <summary>The one mapping between <see cref="ActivityKind"/> and its stored, query-string and display names.</summary>
public static class ActivityKinds
{
    private static readonly Dictionary<ActivityKind, (string Wire, string Label)> Names = new()
    {
        [ActivityKind.SignIn] = ("signIn", "Signed in"),
        [ActivityKind.SignInLinkSent] = ("signInLinkSent", "Sign-in link sent"),
        [ActivityKind.Invite] = ("invite", "Invited"),
        [ActivityKind.RoleChange] = ("roleChange", "Role changed"),
        [ActivityKind.Deactivate] = ("deactivate", "Deactivated"),
        [ActivityKind.Reactivate] = ("reactivate", "Reactivated"),
        [ActivityKind.ApiKeyCreated] = ("apiKeyCreated", "API key created"),
        [ActivityKind.ApiKeyRevoked] = ("apiKeyRevoked", "API key revoked"),
        [ActivityKind.Send] = ("send", "Sent"),
        [ActivityKind.Resend] = ("resend", "Sent again"),
    };

    public static IReadOnlyList<ActivityKind> All { get; } = Enum.GetValues<ActivityKind>();

    public static string ToWireName(this ActivityKind kind) => Names[kind].Wire;

    public static string ToLabel(this ActivityKind kind) => Names[kind].Label;

    public static bool TryParse(string? wire, out ActivityKind kind)
    {
        foreach (var (candidate, names) in Names)
        {
            if (string.Equals(names.Wire, wire, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
