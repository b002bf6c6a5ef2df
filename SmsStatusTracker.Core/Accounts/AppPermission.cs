namespace SmsStatusTracker.Core.Accounts;

/// <summary>What an action needs. Which roles grant what is <see cref="AppRoles.Grants"/>.</summary>
public enum AppPermission
{
    /// <summary>See messages: the log, the details, the live feed.</summary>
    ViewMessages,

    /// <summary>Send SMS by any path: compose, REST, send again, and whatever comes later.</summary>
    SendMessages,

    /// <summary>Create and revoke one's own API keys (an Admin: anyone's).</summary>
    ManageOwnApiKeys,

    /// <summary>Invite, change roles, deactivate and reactivate users; revoke anyone's API key.</summary>
    ManageUsers,

    /// <summary>Add to and remove from the opt-out ledger (manually or by import), and export it.</summary>
    ManageOptOuts,

    /// <summary>Define, change and silence alert rules and their email recipients.</summary>
    ManageAlerts,

    /// <summary>Register, change, replay and remove outbound status webhooks (their secrets included).</summary>
    ManageOutboundWebhooks,

    /// <summary>See integration diagnostics, such as the Twilio callbacks the app rejected and why.</summary>
    ViewDiagnostics,
}
