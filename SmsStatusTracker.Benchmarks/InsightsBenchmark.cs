using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Benchmarks;

// The insights page's query at scale: the real InsightsReader over the real SQLite rollups of the log benchmark's
// generated database (LogData: six months, `log` and `insights` can share the file), for each window and a filter of
// every dimension, round-robin, p50/p95 per scenario. Rollups are filled the way an upgraded database gets them: the
// backfill counts the messages stored before rollups existed (timed; a freshly generated file is recounted by the
// rebuild). "Now" is the end of the generated traffic. `insights [path] [messages] [runs]`.
internal static class InsightsBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var path = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "smsstatus-log-1m.db"));
        var count = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
        var runs = args.Length > 2 ? int.Parse(args[2]) : 30;
        var time = new FixedTime(LogData.End);
        var options = new SqliteStoreOptions($"Data Source={path}");
        var state = new SqliteInsightBackfillState();
        var store = new SqliteMessageStore(options, batchWriters: [new SqliteInsightRollups(state, time)]);
        await store.InitializeAsync(CancellationToken.None);
        await LogBenchmark.GenerateAsync(store, path, count);

        var backfill = new SqliteInsightRollupsBackfill(store, state, time, NullLogger<SqliteInsightRollupsBackfill>.Instance);
        var watch = Stopwatch.StartNew();
        var counted = await backfill.BackfillAsync(CancellationToken.None);
        if (await RollupRowsAsync(options) == 0)
        {
            // Generated after the rollup tables were created, bypassing the store: recount everything.
            counted = await backfill.RebuildAsync(CancellationToken.None);
        }

        Console.WriteLine($"rollups: counted {counted:N0} message(s) in {watch.Elapsed.TotalSeconds:0.0} s; {await RollupRowsAsync(options):N0} rollup rows");

        var reader = new InsightsReader(new SqliteInsightRollupRows(options), time);
        var now = LogData.End;
        (string Name, TimeSpan Length)[] windows = [("last hour", TimeSpan.FromHours(1)), ("last 24 hours", TimeSpan.FromDays(1)), ("last 7 days", TimeSpan.FromDays(7)), ("last 30 days", TimeSpan.FromDays(30))];
        (string Name, InsightFilter Filter)[] filters =
        [
            ("no filter", InsightFilter.None),
            ("sender +14155550102", new InsightFilter(InsightDimension.Sender, "+14155550102")),
            ("operator api:crm-integration", new InsightFilter(InsightDimension.Operator, "api:crm-integration")),
            ("country US", new InsightFilter(InsightDimension.Country, "US")),
            ("error 30007", new InsightFilter(InsightDimension.ErrorCode, "30007")),
        ];
        var scenarios = windows.SelectMany(w => filters.Select(f => (Name: $"{w.Name}, {f.Name}", Query: new InsightsQuery { From = now - w.Length, To = now, Filter = f.Filter }))).ToList();
        var timings = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
        var answers = new Dictionary<string, InsightsAnswer>();
        for (var run = -2; run < runs; run++)
        {
            foreach (var (name, query) in scenarios)
            {
                var started = Stopwatch.StartNew();
                answers[name] = await reader.ReadAsync(query, CancellationToken.None);
                if (run >= 0)
                {
                    timings[name].Add(started.Elapsed.TotalMilliseconds);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## Insights: {count:N0} messages, {runs} runs per scenario, {path}");
        Console.WriteLine();
        Console.WriteLine("| window, filter | p50 ms | p95 ms | messages | delivery rate | p95 created → delivered |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, _) in scenarios)
        {
            var sorted = timings[name].Order().ToList();
            var answer = answers[name];
            Console.WriteLine($"| {name} | {Percentiles.Of(sorted, 50):0.0} | {Percentiles.Of(sorted, 95):0.0} | {answer.Total:N0} | {(answer.DeliveryRate is { } rate ? $"{rate:P1}" : "–")} | {(answer.TotalTime.P95 is { } p95 ? $"{p95.TotalSeconds:0.#} s" : "–")} |");
        }

        await store.DisposeAsync();
    }

    private static async Task<long> RollupRowsAsync(SqliteStoreOptions options)
    {
        await using var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM insight_rollups";
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
