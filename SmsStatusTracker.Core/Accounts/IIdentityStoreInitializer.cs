namespace SmsStatusTracker.Core.Accounts;

/// <summary>Creates the Identity tables (SQLite) or indexes (MongoDB) that are missing.</summary>
public interface IIdentityStoreInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
