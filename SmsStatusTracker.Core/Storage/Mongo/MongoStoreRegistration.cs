using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Sending.Idempotency;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Storage.Mongo.Identity;

namespace SmsStatusTracker.Core.Storage.Mongo;

internal static class MongoStoreRegistration
{
    /// <summary>
    /// Every store on one MongoDB database: messages, API keys and Identity's users and roles. One
    /// <see cref="MongoClient"/> per process: it owns the connection pool and is thread-safe.
    /// </summary>
    public static IServiceCollection AddMongoStores(this IServiceCollection services, string connectionString)
    {
        // Built here so a malformed connection string stops start-up at once; the timeout comes from configuration.
        _ = new MongoStoreOptions(connectionString);
        services.AddSingleton(sp => new MongoStoreOptions(connectionString)
        {
            OperationTimeout = sp.GetRequiredService<IOptions<MongoOperationOptions>>().Value.OperationTimeout,
        });
        services.AddOptions<MongoOperationOptions>().BindConfiguration(MongoOperationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MongoOperationOptions>, MongoOperationOptionsValidator>();
        services.AddSingleton<IMongoClient>(sp => new MongoClient(sp.GetRequiredService<MongoStoreOptions>().CreateClientSettings()));
        services.AddSingleton<IMessageStore, MongoMessageStore>();
        services.AddMongoInsights();
        services.AddSingleton<IApiKeyStore, MongoApiKeyStore>();
        services.AddKeyedSingleton<IXmlRepository, MongoXmlRepository>(KeyRingRegistration.ServiceKey);
        services.AddSingleton<ILeaseStore, MongoLeaseStore>();
        services.AddSingleton<IIdempotencyStore, MongoIdempotencyStore>();
        services.AddSingleton<IMessageRetention, MongoMessageRetention>();
        services.AddSingleton<IMessageExportSource, MongoMessageExport>();
        services.AddSingleton<ActivityLog.IActivityLog, MongoActivityLog>();
        services.AddSingleton<Alerts.IAlertStore, MongoAlertStore>();
        services.AddSingleton<Alerts.IAlertMetrics, MongoAlertMetrics>();
        services.AddSingleton<IMongoMessageChangeWriter, MongoOutboxWriter>().AddSingleton<OutboundWebhooks.IOutboxStore, MongoOutboxStore>();

        services.AddSingleton<MongoIdentityCollections>();
        services.AddScoped<IUserStore<TrackerUser>, MongoUserStore>();
        services.AddScoped<IUserDirectory>(scoped => (MongoUserStore)scoped.GetRequiredService<IUserStore<TrackerUser>>());
        services.AddScoped<IRoleStore<IdentityRole>, MongoRoleStore>();
        services.AddScoped<IAdminGuard, MongoAdminGuard>();
        services.AddSingleton<IIdentityStoreInitializer, MongoIdentityStoreInitializer>();
        return services;
    }
}
