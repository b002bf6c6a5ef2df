using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Insights;

/// <summary>The rollup contract on a fresh temporary SQLite file per test.</summary>
public sealed class SqliteInsightRollupsContractTests : InsightRollupsContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-insights-{Guid.NewGuid():N}.db");
    private readonly List<SqliteMessageStore> stores = [];
    private IInsightRollupsMaintenance? maintenance;

    private SqliteStoreOptions Options => new($"Data Source={path}");

    protected override IInsightRollupRows Rows => new SqliteInsightRollupRows(Options);

    protected override IInsightRollupsMaintenance Maintenance => maintenance ?? throw new InvalidOperationException("Open a store with rollups first.");

    protected override async Task<IMessageStore> OpenStoreAsync(bool withRollups)
    {
        var state = new SqliteInsightBackfillState();
        var store = new SqliteMessageStore(Options, batchWriters: withRollups ? [new SqliteInsightRollups(state, Clock)] : []);
        stores.Add(store);
        await store.InitializeAsync(Ct);
        if (withRollups)
        {
            maintenance = new SqliteInsightRollupsBackfill(store, state, Clock, NullLogger<SqliteInsightRollupsBackfill>.Instance);
        }

        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        using (var connection = new SqliteConnection(Options.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteTestFile.Delete(path);
    }
}
