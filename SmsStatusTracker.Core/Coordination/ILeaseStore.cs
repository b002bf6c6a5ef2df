namespace SmsStatusTracker.Core.Coordination;

/// <summary>
/// Named leases in the shared store, so that work every replica could do (reconciliation, retention) is done by
/// one at a time. A lease is a row or document with an owner and an expiry, changed only by a conditional write:
/// nothing is held in memory, so any process on the same store sees the same holder.
/// </summary>
/// <remarks>
/// Expiry is compared with the caller's clock: replicas need clocks within a small fraction of the lease duration
/// of each other (NTP does far better).
/// </remarks>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="until"/> when it
    /// is free, expired at <paramref name="now"/>, or already held by <paramref name="owner"/> (a renewal). One
    /// atomic write: of several owners trying at once, at most one gets <c>true</c>.
    /// </summary>
    Task<bool> TryAcquireAsync(string name, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Lets the lease go at once if <paramref name="owner"/> holds it, so another replica need not wait for the expiry.</summary>
    Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken);
}
