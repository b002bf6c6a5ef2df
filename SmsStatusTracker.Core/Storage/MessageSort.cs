namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// The orders the log can be read in. Both walk the listing indexes on (created_at, id), forwards or backwards, so
/// every filter keeps its index and keyset cursors keep working. Last change and status are not offered: both change
/// after a message is stored, so a cursor on them would skip or repeat rows while the list is paged, and each would
/// need a second index per filter that moves on every status callback.
/// </summary>
public enum MessageSort
{
    NewestFirst,
    OldestFirst,
}

/// <summary>The sort's name in query strings (<c>sort=newest</c>, <c>sort=oldest</c>).</summary>
public static class MessageSortNames
{
    public const string Newest = "newest";
    public const string Oldest = "oldest";

    public static string ToWireName(this MessageSort sort) => sort == MessageSort.OldestFirst ? Oldest : Newest;

    public static bool TryParse(string? name, out MessageSort sort)
    {
        sort = MessageSort.NewestFirst;
        switch (name?.Trim().ToLowerInvariant())
        {
            case Newest:
                return true;
            case Oldest:
                sort = MessageSort.OldestFirst;
                return true;
            default:
                return false;
        }
    }
}
