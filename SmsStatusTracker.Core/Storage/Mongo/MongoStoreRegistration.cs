using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

internal static class MongoStoreRegistration
{
    /// <summary>One <see cref="MongoClient"/> per process: it owns the connection pool and is thread-safe.</summary>
    public static IServiceCollection AddMongoMessageStore(this IServiceCollection services, string connectionString)
    {
        var options = new MongoStoreOptions(connectionString);
        services.AddSingleton(options);
        services.AddSingleton<IMongoClient>(_ => new MongoClient(options.CreateClientSettings()));
        services.AddSingleton<IMessageStore, MongoMessageStore>();
        services.AddSingleton<ApiKeys.IApiKeyStore, MongoApiKeyStore>();
        return services;
    }
}
