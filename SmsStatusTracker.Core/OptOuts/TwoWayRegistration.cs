using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Core.OptOuts;

public static class TwoWayRegistration
{
    /// <summary>
    /// Inbound messages and the opt-out ledger on the chosen backend (<see cref="StorageRegistration.ChooseBackend"/>), the
    /// ledger and the inbound recorder. The host supplies <see cref="IInboundMessageNotifier"/>.
    /// </summary>
    public static IServiceCollection AddInboundAndOptOuts(this IServiceCollection services, IConfiguration configuration)
    {
        if (StorageRegistration.ChooseBackend(configuration) == StorageBackend.Mongo)
        {
            services.AddSingleton<IInboundMessageStore>(sp => new MongoInboundMessageStore(sp.GetRequiredService<IMongoClient>(), sp.GetRequiredService<MongoStoreOptions>()));
            services.AddSingleton<IOptOutStore>(sp => new MongoOptOutStore(sp.GetRequiredService<IMongoClient>(), sp.GetRequiredService<MongoStoreOptions>()));
        }
        else
        {
            services.AddSingleton<IInboundMessageStore>(sp => new SqliteInboundMessageStore(sp.GetRequiredService<SqliteStoreOptions>(), sp.GetService<SqliteMessageStore>()));
            services.AddSingleton<IOptOutStore>(sp => new SqliteOptOutStore(sp.GetRequiredService<SqliteStoreOptions>(), sp.GetService<SqliteMessageStore>()));
        }

        services.AddSingleton<OptOutLedger>();
        services.AddSingleton<InboundRecorder>();
        return services;
    }
}
