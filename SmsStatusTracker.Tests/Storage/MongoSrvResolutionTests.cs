using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// A <c>mongodb+srv</c> address is looked up in DNS once, asynchronously and within <c>Mongo:OperationTimeout</c>, at
/// start-up: never synchronously by whichever request first builds the client, and a lookup that fails stops start-up
/// with one line naming the key.
/// </summary>
public sealed class MongoSrvResolutionTests
{
    private const string Unresolvable = "mongodb+srv://cluster0.sms-status-tracker.invalid/smsstatus";

    [Fact]
    public void TheClientIsNeverBuiltFromAnSrvAddressThatWasNotLookedUpFirst()
    {
        var options = new MongoStoreOptions(Unresolvable);

        var refused = Assert.Throws<InvalidOperationException>(options.CreateClientSettings);

        Assert.Contains("ResolveDnsAsync", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APlainAddressNeedsNoLookup()
    {
        var settings = new MongoStoreOptions("mongodb://db.internal:27017/smsstatus").CreateClientSettings();

        Assert.Equal("db.internal", settings.Server.Host);
    }

    [Fact]
    public async Task AnSrvAddressThatCannotBeLookedUpStopsStartUpWithOneLineNamingTheKey()
    {
        var options = new MongoStoreOptions(Unresolvable) { OperationTimeout = TimeSpan.FromSeconds(2) };
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Mongo"] = Unresolvable }).Build())
            .AddSingleton(options)
            .AddSingleton<IMongoClient>(_ => new MongoClient(options.CreateClientSettings()))
            .BuildServiceProvider();
        var clock = Stopwatch.StartNew();

        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => services.EnsureStoreReachableAsync(TestContext.Current.CancellationToken));

        Assert.Contains(StoreReachability.MongoKey, stopped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ResolveDnsAsync", stopped.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
