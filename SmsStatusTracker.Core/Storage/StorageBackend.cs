using Microsoft.Extensions.Configuration;

namespace SmsStatusTracker.Core.Storage;

/// <summary>Which database holds every store (messages, API keys, accounts).</summary>
public enum StorageBackend
{
    /// <summary>The embedded SQLite file of <c>ConnectionStrings:Sqlite</c> (a default path when unset).</summary>
    Sqlite,

    /// <summary>The MongoDB database of <c>ConnectionStrings:Mongo</c>.</summary>
    Mongo,
}
