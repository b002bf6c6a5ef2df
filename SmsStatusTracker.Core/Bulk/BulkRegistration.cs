using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Core.Bulk;

public static class BulkRegistration
{
    /// <summary>Bulk jobs: the store on the chosen backend, preflight, the service, the pacer and the leased runner.</summary>
    public static IServiceCollection AddBulkJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BulkOptions>().BindConfiguration(BulkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BulkOptions>, BulkOptionsValidator>();
        if (StorageRegistration.ChooseBackend(configuration) == StorageBackend.Mongo)
        {
            services.AddSingleton<IBulkJobStore>(sp => new MongoBulkJobStore(sp.GetRequiredService<IMongoClient>(), sp.GetRequiredService<MongoStoreOptions>()));
        }
        else
        {
            services.AddSingleton<IBulkJobStore>(sp => new SqliteBulkJobStore(sp.GetRequiredService<SqliteStoreOptions>()));
        }

        services.AddSingleton<BulkPreflight>();
        services.AddSingleton<BulkJobService>();
        services.AddSingleton<BulkPacer>();
        services.AddSingleton<BulkJobRunner>();
        services.AddHostedService<BulkJobHost>();
        return services;
    }
}
