using Microsoft.AspNetCore.Identity;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Mongo.Identity;
using SmsStatusTracker.Tests.Storage.Wire;

namespace SmsStatusTracker.Tests.Accounts;

/// <summary>
/// What the hand-written Identity stores put on the wire, recorded from the real driver talking to
/// <see cref="RecordingMongoServer"/>: lookups the server can answer from their unique indexes, durable writes
/// whatever the connection string says, unavailable servers reported as such, documents a newer version wrote.
/// </summary>
public sealed class MongoIdentityWireTests : IAsyncDisposable
{
    private readonly RecordingMongoServer server = new();
    private readonly MongoClient client;
    private readonly MongoIdentityCollections collections;

    public MongoIdentityWireTests()
    {
        // A connection string asking for the opposite of what a 200 needs: the stores must not follow it.
        var connectionString = server.ConnectionString() + "&w=1&journal=false&readPreference=secondaryPreferred";
        client = new MongoClient(connectionString);
        collections = new MongoIdentityCollections(client, new MongoStoreOptions(connectionString));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserLookupsByEmailAndUserNameRepeatTheirUniqueIndexesPartialCondition()
    {
        await collections.CreateIndexesAsync(Ct);
        var users = new MongoUserStore(collections);

        await users.FindByEmailAsync("ADA@EXAMPLE.COM", Ct);
        await users.FindByNameAsync("ADA@EXAMPLE.COM", Ct);

        var finds = server.CommandsNamed("find").Select(find => find["filter"].AsBsonDocument).ToArray();
        Assert.Equal(2, finds.Length);
        Assert.True(IndexUse.Implies(finds[0], PartialFilterOf(MongoIdentityIndexes.UsersByNormalizedEmail)), finds[0].ToJson());
        Assert.True(IndexUse.Implies(finds[1], PartialFilterOf(MongoIdentityIndexes.UsersByNormalizedUserName)), finds[1].ToJson());
    }

    [Fact]
    public async Task RoleLookupsByNameRepeatTheRoleIndexesPartialCondition()
    {
        await collections.CreateIndexesAsync(Ct);
        var roles = new MongoRoleStore(collections);
        var users = new MongoUserStore(collections);
        server.Respond = command => command.GetElement(0).Name == "find" && command["find"] == MongoIdentityCollections.RolesCollection
            ? FoundOne(command, new BsonDocument { { "_id", "r1" }, { "Name", "Admin" }, { "NormalizedName", "ADMIN" }, { "ConcurrencyStamp", "s" } })
            : RecordingMongoServer.EmptySuccess(command);

        await roles.FindByNameAsync("ADMIN", Ct);
        var user = new TrackerUser("ada@example.com");
        await users.AddToRoleAsync(user, "ADMIN", Ct);
        await users.GetRolesAsync(user, Ct);

        var partial = PartialFilterOf(MongoIdentityIndexes.RolesByNormalizedName);
        var finds = server.CommandsNamed("find").Select(find => find["filter"].AsBsonDocument).ToArray();
        Assert.Equal(3, finds.Length);
        Assert.All(finds, filter => Assert.True(IndexUse.Implies(filter, partial), filter.ToJson()));
    }

    [Fact]
    public async Task IdentityWritesAskForAJournaledMajorityAndReadsGoToThePrimaryWhateverTheConnectionStringSays()
    {
        var users = new MongoUserStore(collections);

        await users.CreateAsync(new TrackerUser("ada@example.com"), Ct);

        var insert = Assert.Single(server.CommandsNamed("insert"));
        Assert.Equal(new BsonDocument { { "w", "majority" }, { "j", true } }, insert["writeConcern"].AsBsonDocument);
        Assert.Equal(ReadPreference.Primary, collections.Users.Settings.ReadPreference);
        Assert.Equal(ReadPreference.Primary, collections.Roles.Settings.ReadPreference);
        Assert.Equal(MongoStoreOptions.DurableWrites, collections.Roles.Settings.WriteConcern);
        Assert.Equal(MongoStoreOptions.DurableWrites, collections.Guards.Settings.WriteConcern);
    }

    [Theory]
    [InlineData(91, "ShutdownInProgress")]
    [InlineData(11600, "InterruptedAtShutdown")]
    [InlineData(189, "PrimarySteppedDown")]
    public async Task AServerThatCannotAnswerNowIsReportedAsUnavailableByEveryIdentityStore(int code, string codeName)
    {
        server.Respond = _ => new BsonDocument { { "ok", 0 }, { "code", code }, { "codeName", codeName }, { "errmsg", "going away" } };
        var users = new MongoUserStore(collections);
        var roles = new MongoRoleStore(collections);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => users.FindByEmailAsync("ADA@EXAMPLE.COM", Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => users.CreateAsync(new TrackerUser("ada@example.com"), Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => users.ListAsync(Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => roles.FindByNameAsync("ADMIN", Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => roles.CreateAsync(new IdentityRole("Admin") { NormalizedName = "ADMIN" }, Ct));
    }

    [Fact]
    public async Task AnIdentityLookupOnAServerThatStoppedAnsweringIsUnavailableWithinTheOperationTimeout()
    {
        var options = new MongoStoreOptions(server.ConnectionString()) { OperationTimeout = TimeSpan.FromSeconds(1) };
        using var patientClient = new MongoClient(options.CreateClientSettings());
        var users = new MongoUserStore(new MongoIdentityCollections(patientClient, options));
        Assert.Null(await users.FindByEmailAsync("WARM@EXAMPLE.COM", Ct)); // connected and compiled before the clock starts

        server.Stall = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => users.FindByEmailAsync("ADA@EXAMPLE.COM", Ct).WaitAsync(TimeSpan.FromSeconds(15), Ct));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains("Mongo:OperationTimeout", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedSaveLeavesTheUsersConcurrencyStampAsItWas()
    {
        server.Respond = _ => new BsonDocument { { "ok", 0 }, { "code", 91 }, { "codeName", "ShutdownInProgress" }, { "errmsg", "going away" } };
        var user = new TrackerUser("ada@example.com") { ConcurrencyStamp = "before" };

        await Assert.ThrowsAsync<StoreUnavailableException>(() => new MongoUserStore(collections).UpdateAsync(user, Ct));

        Assert.Equal("before", user.ConcurrencyStamp);
    }

    [Fact]
    public async Task DeletingARoleChecksItsConcurrencyStampAndTakesItOffEveryUser()
    {
        server.Respond = command => command.GetElement(0).Name == "findAndModify"
            ? new BsonDocument
            {
                { "lastErrorObject", new BsonDocument("n", 1) },
                { "value", new BsonDocument { { "_id", "r1" }, { "Name", "Auditor" }, { "NormalizedName", "AUDITOR" }, { "ConcurrencyStamp", "read" } } },
                { "ok", 1 },
            }
            : RecordingMongoServer.EmptySuccess(command);

        var result = await new MongoRoleStore(collections).DeleteAsync(new IdentityRole("Auditor") { Id = "r1", ConcurrencyStamp = "read" }, Ct);

        Assert.True(result.Succeeded);
        var delete = Assert.Single(server.CommandsNamed("findAndModify"));
        Assert.Equal(new BsonDocument { { "_id", "r1" }, { "ConcurrencyStamp", "read" } }, delete["query"].AsBsonDocument);
        var update = Assert.Single(server.CommandsNamed("update"))["updates"].AsBsonArray.Single().AsBsonDocument;
        Assert.Equal(new BsonDocument("Roles", "AUDITOR"), update["q"].AsBsonDocument);
        Assert.Equal(new BsonDocument("Roles", "AUDITOR"), update["u"]["$pull"].AsBsonDocument);
        Assert.True(update["multi"].AsBoolean);
    }

    [Fact]
    public void IdentityStoresOfferNoSynchronousQueryables()
    {
        Assert.False(typeof(IQueryableUserStore<TrackerUser>).IsAssignableFrom(typeof(MongoUserStore)));
        Assert.False(typeof(IQueryableRoleStore<IdentityRole>).IsAssignableFrom(typeof(MongoRoleStore)));
        Assert.True(typeof(IUserDirectory).IsAssignableFrom(typeof(MongoUserStore)));
    }

    [Fact]
    public void IdentityDocumentsWrittenByANewerVersionWithMoreFieldsStillRead()
    {
        var user = BsonDocument.Parse("""
            { "_id": "u1", "UserName": "ada@example.com", "NormalizedEmail": "ADA@EXAMPLE.COM", "CreatedAt": { "$date": "2026-11-30T00:00:00Z" },
              "Roles": ["ADMIN"], "Tokens": [{ "LoginProvider": "p", "Name": "n", "Value": "v", "IssuedAt": 1 }], "Phone": "+15005550006" }
            """);
        var role = BsonDocument.Parse("""{ "_id": "r1", "Name": "Admin", "NormalizedName": "ADMIN", "Description": "all rights" }""");
        var guard = BsonDocument.Parse("""{ "_id": "admins", "Version": 3, "LastChangedBy": "u1" }""");

        var readUser = BsonSerializer.Deserialize<MongoUserDocument>(user);
        var readRole = BsonSerializer.Deserialize<MongoRoleDocument>(role);
        var readGuard = BsonSerializer.Deserialize<MongoGuardDocument>(guard);

        Assert.Equal(("ada@example.com", "ADMIN", "v"), (readUser.UserName, readUser.Roles.Single(), readUser.Tokens.Single().Value));
        Assert.Equal("ADMIN", readRole.NormalizedName);
        Assert.Equal(3, readGuard.Version);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private BsonDocument PartialFilterOf(string indexName)
    {
        var index = IndexUse.Index(server.CommandsNamed("createIndexes"), indexName);
        return index["partialFilterExpression"].AsBsonDocument;
    }

    private static BsonDocument FoundOne(BsonDocument command, BsonDocument document) => new()
    {
        { "cursor", new BsonDocument { { "id", 0L }, { "ns", $"{command["$db"]}.{command["find"]}" }, { "firstBatch", new BsonArray { document } } } },
        { "ok", 1 },
    };
}
