using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Accounts;

/// <summary>
/// The contract on the hand-written MongoDB stores, each test in its own database, dropped afterwards.
/// Without a server (see <see cref="MongoTestServer"/>) every test is skipped with the reason, never passed.
/// </summary>
public sealed class MongoIdentityStoreContractTests(MongoTestServer server) : IdentityStoreContract
{
    private static readonly string RunPrefix = $"sst_identity_{Guid.NewGuid():N}"[..25];
    private static int databaseCount;
    private string? connectionString;
    private string? databaseName;

    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        databaseName = $"{RunPrefix}_{Interlocked.Increment(ref databaseCount)}";
        connectionString = await server.DatabaseOrSkipAsync(databaseName, Ct);
        return new() { ["ConnectionStrings:Mongo"] = connectionString };
    }

    // The guard runs in a transaction, which needs a replica set; the contract's servers may be standalone.
    protected override string? ConcurrentAdminChangesSkipReason => "MongoDB: the last-admin guard needs a replica set (transactions); proven on SQLite here.";

    // EF tracks entities per context, so only the Mongo store promises this; AccountService never relies on it.
    [Fact]
    public async Task UserReadInOneScopeAndSavedInAnotherKeepsItsRoles()
    {
        var services = await StartAsync();
        var created = await CreateUserAsync(services, "scopes@example.com");
        await InScopeAsync(services, async users => await users.AddToRoleAsync((await users.FindByIdAsync(created.Id))!, AppRoles.Admin));
        var loaded = await InScopeAsync(services, users => users.FindByIdAsync(created.Id));

        loaded!.LastSignInAt = DateTimeOffset.UnixEpoch;
        Assert.True((await InScopeAsync(services, users => users.UpdateAsync(loaded))).Succeeded);

        Assert.Equal([AppRoles.Admin], await InScopeAsync(services, async users => await users.GetRolesAsync((await users.FindByIdAsync(created.Id))!)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (connectionString is not null)
        {
            using var client = new MongoClient(connectionString);
            await client.DropDatabaseAsync(databaseName, CancellationToken.None);
        }
    }
}
