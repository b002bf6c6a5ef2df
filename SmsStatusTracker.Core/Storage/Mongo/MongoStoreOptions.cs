using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Where the MongoDB store lives, from <c>ConnectionStrings:Mongo</c> (<c>mongodb://host/dbname</c>).</summary>
public sealed class MongoStoreOptions
{
    public const string ConnectionStringKey = "ConnectionStrings:Mongo";

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

    private MongoUrl? resolved;

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

    /// <summary>
    /// How long one store call may take before it is given up as unavailable (<c>Mongo:OperationTimeout</c>); the
    /// stores enforce it around each call (<see cref="MongoDeadline"/>), retries included.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = MongoOperationOptions.DefaultOperationTimeout;

    /// <summary>
    /// The driver's settings from the connection string, with deadlines where the string sets none: server selection
    /// after 5 s, connecting and each socket read or write after no more than <see cref="OperationTimeout"/>. The
    /// driver's own defaults (30 s connect, no socket timeout) held a call on a stalled server for ~45 s; Twilio
    /// gives up after 15 s.
    /// </summary>
    /// <summary>
    /// Looks up a <c>mongodb+srv</c> URL's DNS records (SRV hosts, TXT options) asynchronously and within
    /// <see cref="OperationTimeout"/>; start-up calls it before the client exists. The driver would otherwise resolve
    /// them synchronously, with no deadline, on whichever thread first builds the client. A plain URL needs nothing.
    /// </summary>
    public async Task ResolveDnsAsync(CancellationToken cancellationToken)
    {
        if (Url.Scheme != ConnectionStringScheme.MongoDBPlusSrv || resolved is not null)
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(OperationTimeout);
        resolved = await Url.ResolveAsync(resolveHosts: true, deadline.Token).WaitAsync(deadline.Token);
    }

    /// <summary>The client's settings; for a <c>mongodb+srv</c> URL only after <see cref="ResolveDnsAsync"/>.</summary>
    public MongoClientSettings CreateClientSettings()
    {
        if (Url.Scheme == ConnectionStringScheme.MongoDBPlusSrv && resolved is null)
        {
            throw new InvalidOperationException($"{Description}: its DNS records are looked up at start-up (ResolveDnsAsync), not on first use.");
        }

        var settings = MongoClientSettings.FromUrl(resolved ?? Url);
        if (!Sets("serverSelectionTimeoutMS"))
        {
            settings.ServerSelectionTimeout = DefaultServerSelectionTimeout < OperationTimeout ? DefaultServerSelectionTimeout : OperationTimeout;
        }

        if (!Sets("connectTimeoutMS"))
        {
            settings.ConnectTimeout = OperationTimeout;
        }

        if (!Sets("socketTimeoutMS"))
        {
            settings.SocketTimeout = OperationTimeout;
        }

        return settings;
    }

    // An option is its name right after '?' or '&' (a plain Contains would also find it inside a password).
    private bool Sets(string option) =>
        connectionString.Contains($"?{option}=", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains($"&{option}=", StringComparison.OrdinalIgnoreCase);

    private static string Hosts(MongoUrl url) =>
        url.Scheme == ConnectionStringScheme.MongoDBPlusSrv
            ? url.Server.Host
            : string.Join(",", url.Servers.Select(server => $"{server.Host}:{server.Port}"));
}
