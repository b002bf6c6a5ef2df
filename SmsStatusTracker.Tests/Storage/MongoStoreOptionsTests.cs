using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

public sealed class MongoStoreOptionsTests
{
    [Theory]
    [InlineData("mongodb://db.internal/tracker", "tracker")]
    [InlineData("mongodb://db.internal:27018/tracker?retryWrites=true", "tracker")]
    [InlineData("mongodb://db.internal", MongoStoreOptions.DefaultDatabaseName)]
    [InlineData("mongodb://db.internal/?replicaSet=rs0", MongoStoreOptions.DefaultDatabaseName)]
    public void DatabaseNameComesFromTheConnectionStringPathElseTheDefault(string connectionString, string expected)
    {
        Assert.Equal(expected, new MongoStoreOptions(connectionString).DatabaseName);
    }

    [Fact]
    public void DescriptionNamesDatabaseAndHostsButNeverTheCredentials()
    {
        var options = new MongoStoreOptions("mongodb://alice:s3cr3t-pw@db1.internal:27017,db2.internal:27018/tracker?replicaSet=rs0&authSource=admin");

        Assert.Equal("MongoDB database tracker at db1.internal:27017,db2.internal:27018", options.Description);
        Assert.DoesNotContain("alice", options.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", options.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidConnectionStringNamesTheSettingWithoutQuotingTheString()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new MongoStoreOptions("mongodb://alice:s3cr3t-pw@/tracker?notAnOption=1&w=banana"));

        Assert.Contains("ConnectionStrings:Mongo", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ServerSelectionGivesUpAfterFiveSecondsUnlessTheConnectionStringSaysOtherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), new MongoStoreOptions("mongodb://db/x").CreateClientSettings().ServerSelectionTimeout);
        Assert.Equal(
            TimeSpan.FromMilliseconds(1234),
            new MongoStoreOptions("mongodb://db/x?serverSelectionTimeoutMS=1234").CreateClientSettings().ServerSelectionTimeout);
    }

    [Fact]
    public void RegistrationProvidesOneSharedClientAndStore()
    {
        var services = new ServiceCollection();
        services.AddLogging(); // as every host has
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddMongoStores("mongodb://db.internal:27017/tracker");
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IMessageStore>();

        Assert.IsType<MongoMessageStore>(store);
        Assert.Same(store, provider.GetRequiredService<IMessageStore>());
        Assert.Same(provider.GetRequiredService<IMongoClient>(), provider.GetRequiredService<IMongoClient>());
        Assert.Equal("MongoDB database tracker at db.internal:27017", store.Description);
    }

    [Theory]
    [InlineData("00:00:00.050")]
    [InlineData("00:00:20")]
    public void AnOperationTimeoutOutsideTheRangeStopsStartUpNamingTheKey(string value)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Mongo:OperationTimeout"] = value }).Build());
        services.AddMongoStores("mongodb://db.internal:27017/tracker");
        using var provider = services.BuildServiceProvider();

        var invalid = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<MongoStoreOptions>());

        Assert.Contains("Mongo:OperationTimeout", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfiguredOperationTimeoutReachesTheStores()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Mongo:OperationTimeout"] = "00:00:02" }).Build());
        services.AddMongoStores("mongodb://db.internal:27017/tracker");
        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<MongoStoreOptions>().OperationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), new MongoStoreOptions("mongodb://db/x").OperationTimeout);
    }

    [Fact]
    public async Task UnreachableServerSurfacesAsStoreUnavailableWithoutTheCredentials()
    {
        // Port 9 on loopback: nothing listens, so the connection is refused and server selection times out.
        var options = new MongoStoreOptions("mongodb://alice:s3cr3t-pw@127.0.0.1:9/tracker?serverSelectionTimeoutMS=300&connectTimeoutMS=300");
        using var client = new MongoClient(options.CreateClientSettings());
        var store = new MongoMessageStore(client, options);
        var ct = TestContext.Current.CancellationToken;

        var add = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AddAsync(Stored(1), ct));
        var find = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindBySidAsync("SM_x", ct));
        var update = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateAsync(Guid.NewGuid(), m => m, ct));

        Assert.All(new[] { add, find, update }, exception =>
        {
            Assert.StartsWith("MongoDB database tracker at 127.0.0.1:9 could not", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", exception.Message, StringComparison.Ordinal);
        });
    }
}
