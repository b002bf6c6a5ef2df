using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Accounts;

/// <summary>The contract on EF Core over a temporary SQLite file that already holds the message tables.</summary>
public sealed class SqliteIdentityStoreContractTests : IdentityStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-identity-{Guid.NewGuid():N}.db");

    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        // The message store initialises the file first, as at startup; EnsureCreated would now skip Identity's tables.
        await using var messages = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));
        await messages.InitializeAsync(Ct);
        await messages.AddAsync(Infrastructure.TestMessages.Stored(1), Ct);
        return new() { ["ConnectionStrings:Sqlite"] = $"Data Source={path}", ["ConnectionStrings:Mongo"] = "" };
    }

    [Fact]
    public async Task IdentityTablesAreAddedBesideExistingMessagesWhichAreKept()
    {
        var services = await StartAsync();
        await CreateUserAsync(services, "beside@example.com");

        await using var messages = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));
        var page = await messages.ListAsync(new SmsStatusTracker.Core.Storage.MessageQuery(), Ct);

        Assert.Equal(1, page.Total);
        Assert.NotNull(await InScopeAsync(services, users => users.FindByEmailAsync("beside@example.com")));
        Assert.IsType<SqliteIdentityStoreContractTests>(this);
        Assert.NotNull(services.GetRequiredService<IIdentityStoreInitializer>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
