using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Mongo.Identity;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Storage.Sqlite.Identity;

namespace SmsStatusTracker.Tests.Storage;

public class StorageRegistrationTests
{
    [Fact]
    public void WithoutAMongoConnectionStringEveryStoreIsOnSqlite()
    {
        var services = Register(new() { ["ConnectionStrings:Sqlite"] = "Data Source=:memory:" });

        Assert.Equal(StorageBackend.Sqlite, StorageRegistration.ChooseBackend(Configuration(new())));
        Assert.Equal(typeof(SqliteMessageStore), Implementation<IMessageStore>(services));
        Assert.Equal(typeof(SqliteApiKeyStore), Implementation<IApiKeyStore>(services));
        Assert.Equal(typeof(SqliteAdminGuard), Implementation<IAdminGuard>(services));
        Assert.Contains("EntityFrameworkCore", Implementation<IUserStore<TrackerUser>>(services)!.Namespace);
        Assert.Contains("EntityFrameworkCore", Implementation<IRoleStore<IdentityRole>>(services)!.Namespace);
        Assert.Single(services, d => d.ServiceType == typeof(IIdentityStoreInitializer));
    }

    [Fact]
    public void WithAMongoConnectionStringEveryStoreIsOnMongo()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Mongo"] = "mongodb://db.internal:27017/tracker" };
        var services = Register(settings);

        Assert.Equal(StorageBackend.Mongo, StorageRegistration.ChooseBackend(Configuration(settings)));
        Assert.Equal(typeof(MongoMessageStore), Implementation<IMessageStore>(services));
        Assert.Equal(typeof(MongoApiKeyStore), Implementation<IApiKeyStore>(services));
        Assert.Equal(typeof(MongoAdminGuard), Implementation<IAdminGuard>(services));
        Assert.Equal(typeof(MongoUserStore), Implementation<IUserStore<TrackerUser>>(services));
        Assert.Equal(typeof(MongoRoleStore), Implementation<IRoleStore<IdentityRole>>(services));
        Assert.Equal(typeof(MongoIdentityStoreInitializer), Implementation<IIdentityStoreInitializer>(services));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TrackerIdentityDbContext));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddTrackerStorage(Configuration(settings));
        return services;
    }

    private static Type? Implementation<T>(ServiceCollection services) =>
        Assert.Single(services, d => d.ServiceType == typeof(T)).ImplementationType;
}
