using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Core.Storage;

public static class StorageRegistration
{
    public const string MongoConnectionStringName = "Mongo";
    public const string SqliteConnectionStringName = "Sqlite";

    /// <summary>The one place that picks the database: MongoDB when <c>ConnectionStrings:Mongo</c> is set, else SQLite.</summary>
    public static StorageBackend ChooseBackend(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString(MongoConnectionStringName)) ? StorageBackend.Sqlite : StorageBackend.Mongo;

    /// <summary>
    /// Registers every store of the chosen <see cref="StorageBackend"/>: the message store, the API key store,
    /// Identity's user and role stores, the Identity schema initialiser and the admin guard, plus the hosted step
    /// that prepares the message and API key stores at startup.
    /// </summary>
    public static IServiceCollection AddTrackerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        switch (ChooseBackend(configuration))
        {
            case StorageBackend.Mongo:
                services.AddMongoStores(configuration.GetConnectionString(MongoConnectionStringName)!);
                break;
            default:
                services.AddSqliteStores(configuration.GetConnectionString(SqliteConnectionStringName));
                break;
        }

        services.AddHostedService<StoreInitializer>();
        services.AddSharedKeyRing();
        return services;
    }
}
