namespace SmsStatusTracker.Core.OptOuts;

/// <summary>The opt-out ledger's storage: each number's audit trail and its current state. One adapter per backend.</summary>
public interface IOptOutStore
{
    /// <summary>
    /// Appends <paramref name="entry"/> to its number's trail (false, and nothing changed, when an entry with its id is
    /// already stored) and, for an entry that <see cref="OptOutEntry.ChangesState"/>, sets the number's state unless a
    /// later change is already stored. Throws <see cref="Storage.StoreUnavailableException"/> when the store cannot take it.
    /// </summary>
    Task<bool> AppendAsync(OptOutEntry entry, CancellationToken cancellationToken);

    /// <summary>The number's current state; null when the ledger never changed it.</summary>
    Task<OptOutNumber?> FindAsync(string number, CancellationToken cancellationToken);

    /// <summary>The number's whole trail, oldest first.</summary>
    Task<IReadOnlyList<OptOutEntry>> TrailAsync(string number, CancellationToken cancellationToken);

    /// <summary>Numbers containing <paramref name="contains"/> (all when blank), in number order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OptOutNumber>> SearchAsync(string? contains, bool optedOutOnly, int limit, CancellationToken cancellationToken);
}
