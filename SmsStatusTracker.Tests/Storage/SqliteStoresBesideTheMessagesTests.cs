using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// As the app wires them, the idempotency, inbound and opt-out stores write through the message store's one writer:
/// with that writer gone they cannot write at all, where a store on a connection of its own still could (and would
/// queue for the file's write lock behind every batch of callbacks).
/// </summary>
public sealed class SqliteStoresBesideTheMessagesTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-beside-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services;

    public SqliteStoresBesideTheMessagesTests()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={path}" })
            .Build();
        services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddSmsStatusTrackerCore(configuration)
            .BuildServiceProvider();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheyWriteThroughTheMessageStoresWriter()
    {
        await services.GetRequiredService<SqliteMessageStore>().InitializeAsync(Ct);
        var optOuts = services.GetRequiredService<IOptOutStore>();
        var inbound = services.GetRequiredService<IInboundMessageStore>();
        var keys = services.GetRequiredService<IIdempotencyStore>();
        Assert.True(await optOuts.AppendAsync(OptOut("+15551230001"), Ct));
        Assert.True(await inbound.AddAsync(Reply("SM_first"), Ct));
        Assert.True((await keys.ClaimAsync(Key("first"), T0, Ct)).IsNew);

        await services.GetRequiredService<SqliteMessageStore>().DisposeAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => optOuts.AppendAsync(OptOut("+15551230002"), Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => inbound.AddAsync(Reply("SM_second"), Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => keys.ClaimAsync(Key("second"), T0, Ct));
        Assert.NotNull(await optOuts.FindAsync("+15551230001", Ct));
        Assert.Null(await optOuts.FindAsync("+15551230002", Ct));
    }

    private static OptOutEntry OptOut(string number) => new()
    {
        Id = Guid.NewGuid(),
        Number = number,
        Action = OptOutAction.OptedOut,
        Source = OptOutSource.Keyword,
        At = T0,
        Actor = "tests",
    };

    private static InboundMessage Reply(string sid) => new()
    {
        Sid = sid,
        From = "+15551230001",
        To = "+15005550006",
        Body = "STOP",
        ReceivedAt = T0,
    };

    private static IdempotencyRecord Key(string key) =>
        new("tests", key, "fingerprint", Guid.NewGuid(), T0, T0.AddHours(1), null);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
