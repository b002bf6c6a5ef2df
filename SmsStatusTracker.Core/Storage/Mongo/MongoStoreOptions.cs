using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Where the MongoDB store lives, from <c>ConnectionStrings:Mongo</c> (<c>mongodb://host/dbname</c>).</summary>
public sealed class MongoStoreOptions
{
    public const string DefaultDatabaseName = "smsstatus";

    public const string MessagesCollection = "messages";

    public const string ParkedCollection = "parked_status_events";

    /// <summary>Used unless the connection string sets <c>serverSelectionTimeoutMS</c>: Twilio waits 15 s for a
    /// callback answer, so an unreachable server must turn into a 503 well before that, not after the driver's 30 s.</summary>
    public static readonly TimeSpan DefaultServerSelectionTimeout = TimeSpan.FromSeconds(5);

    private readonly string connectionString;

    public MongoStoreOptions(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.connectionString = connectionString;
        try
        {
            Url = MongoUrl.Create(connectionString);
        }
        catch (Exception exception) when (exception is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The inner exception is left out on purpose: its message may quote the string, password included.
            throw new InvalidOperationException(
                "ConnectionStrings:Mongo is not a valid MongoDB connection string " +
                $"(mongodb://[user:password@]host[:port][/database][?options]); the driver said: {exception.GetType().Name}.");
        }

        DatabaseName = string.IsNullOrWhiteSpace(Url.DatabaseName) ? DefaultDatabaseName : Url.DatabaseName;
        Description = $"MongoDB database {DatabaseName} at {Hosts(Url)}";
    }

    public MongoUrl Url { get; }

    public string DatabaseName { get; }

    /// <summary>Database and hosts only; never the user name or password.</summary>
    public string Description { get; }

    /// <summary>
    /// The database every store uses, with reads pinned to the primary and writes to a journaled majority whatever
    /// the connection string says: a read from a secondary can miss the write it follows (the version-guarded
    /// update loop would spin or strand a parked callback), and a <c>w:1</c> write answered 200 can be rolled back
    /// on failover.
    /// </summary>
    public IMongoDatabase Database(IMongoClient client) =>
        client.GetDatabase(DatabaseName, new MongoDatabaseSettings
        {
            ReadPreference = ReadPreference.Primary,
            WriteConcern = DurableWrites,
        });

    public static readonly WriteConcern DurableWrites = WriteConcern.WMajority.With(journal: true);

    public MongoClientSettings CreateClientSettings()
    {
        var settings = MongoClientSettings.FromUrl(Url);
        if (!connectionString.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase))
        {
            settings.ServerSelectionTimeout = DefaultServerSelectionTimeout;
        }

        return settings;
    }

    private static string Hosts(MongoUrl url) =>
        url.Scheme == ConnectionStringScheme.MongoDBPlusSrv
            ? url.Server.Host
            : string.Join(",", url.Servers.Select(server => $"{server.Host}:{server.Port}"));
}
