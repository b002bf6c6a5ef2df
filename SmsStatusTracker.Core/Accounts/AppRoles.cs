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

    /// <summary>For <c>[Authorize(Roles = ...)]</c> on whatever sends.</summary>
    public const string Senders = Admin + "," + Operator;

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Viewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
