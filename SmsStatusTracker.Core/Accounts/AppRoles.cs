namespace SmsStatusTracker.Core.Accounts;

/// <summary>The three roles. Every user has exactly one.</summary>
public static class AppRoles
{
    /// <summary>Everything, including managing users and API keys.</summary>
    public const string Admin = "Admin";

    /// <summary>Sends and views messages.</summary>
    public const string Operator = "Operator";

    /// <summary>Views messages only.</summary>
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="role"/> grants <paramref name="permission"/>: the one table of rights.</summary>
    public static bool Grants(string role, AppPermission permission) => permission switch
    {
        AppPermission.ViewMessages or AppPermission.ManageOwnApiKeys => IsKnown(role),
        AppPermission.SendMessages => role is Admin or Operator,
        AppPermission.ManageUsers or AppPermission.ManageOptOuts or AppPermission.ManageAlerts
            or AppPermission.ManageOutboundWebhooks or AppPermission.ViewDiagnostics => role is Admin,
        _ => false,
    };
}
