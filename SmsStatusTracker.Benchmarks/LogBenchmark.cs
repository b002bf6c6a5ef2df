using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Benchmarks;

// The message log at scale: every filter of the log page through the real SqliteMessageStore.ListAsync against a
// generated database, round-robin (so load on the machine hits every filter alike), p50/p95 per filter and the
// ratio to the default page in the same run. The database is generated once through the store (the real schema,
// its triggers and indexes) and reused: `log [path] [messages] [runs] [--plans]`.
internal static partial class LogBenchmark
{
    private const int Seed = 20261129;

    public static async Task RunAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var path = Path.GetFullPath(positional.Length > 0 ? positional[0] : Path.Combine(Path.GetTempPath(), "smsstatus-log-1m.db"));
        var count = positional.Length > 1 ? int.Parse(positional[1]) : 1_000_000;
        var runs = positional.Length > 2 ? int.Parse(positional[2]) : 30;

        var store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));
        var started = Stopwatch.StartNew();
        await store.InitializeAsync(CancellationToken.None); // on an older file this is the migration: timed
        Console.WriteLine($"initialize (schema, migration when needed): {started.Elapsed.TotalSeconds:0.0} s");
        await GenerateAsync(store, path, count);

        var scenarios = await ScenariosAsync(store);
        Console.WriteLine($"load average before: {LoadAverage()}");
        var timings = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
        var results = new Dictionary<string, MessagePage>();
        for (var run = -2; run < runs; run++)
        {
            foreach (var (name, query) in scenarios)
            {
                var watch = Stopwatch.StartNew();
                var page = await store.ListAsync(query, CancellationToken.None);
                if (run >= 0)
                {
                    timings[name].Add(watch.Elapsed.TotalMilliseconds);
                }

                results[name] = page;
            }
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        Print(path, count, runs, scenarios, timings, results);
        if (args.Contains("--plans"))
        {
            await PrintPlansAsync(store, scenarios);
        }

        await store.DisposeAsync();
    }

    internal static async Task GenerateAsync(SqliteMessageStore store, string path, int count)
    {
        var existing = (await store.ListAsync(new MessageQuery { PageSize = 1 }, CancellationToken.None)).Items.Count;
        if (existing > 0)
        {
            Console.WriteLine($"reusing {path} ({new FileInfo(path).Length / 1024 / 1024} MB)");
            return;
        }

        // The store's own INSERT and JSON document, but 50,000 rows per transaction and no fsync per commit: a
        // million rows through the schema's indexes and triggers in a minute or two instead of an hour of group commits.
        var serialize = typeof(SqliteMessageStore).Assembly.GetType("SmsStatusTracker.Core.Storage.Sqlite.MessageJson")!
            .GetMethod("Serialize", [typeof(Message)])!;
        var random = new Random(Seed);
        var watch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;";
            await pragma.ExecuteNonQueryAsync();
        }

        const int perTransaction = 50_000;
        for (var n = 0; n < count; n += perTransaction)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO messages (id, sid, to_number, from_number, body, status, error_code, is_final, created_at, updated_at, version, document)
                VALUES ($id, $sid, $to, $from, $body, $status, $errorCode, $isFinal, $createdAt, $updatedAt, $version, $document)
                """;
            var parameters = new[] { "$id", "$sid", "$to", "$from", "$body", "$status", "$errorCode", "$isFinal", "$createdAt", "$updatedAt", "$version", "$document" }
                .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            insert.Prepare();
            for (var i = n; i < Math.Min(count, n + perTransaction); i++)
            {
                var m = LogData.Create(i, count, random);
                object?[] values =
                [
                    m.Id.ToString("N"), m.Sid, m.To, m.From, m.Body, m.Status.ToWireName(), m.ErrorCode, m.IsFinal ? 1 : 0,
                    m.CreatedAt.ToUnixTimeMilliseconds(), m.UpdatedAt.ToUnixTimeMilliseconds(), m.Version, serialize.Invoke(null, [m]),
                ];
                for (var p = 0; p < values.Length; p++)
                {
                    parameters[p].Value = values[p] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            Console.WriteLine($"generated {Math.Min(count, n + perTransaction):N0} messages in {watch.Elapsed.TotalSeconds:0} s");
        }

        Console.WriteLine($"generated {count:N0} messages in {watch.Elapsed.TotalSeconds:0} s into {path} ({new FileInfo(path).Length / 1024 / 1024} MB)");
    }

    private static async Task<List<(string Name, MessageQuery Query)>> ScenariosAsync(IMessageStore store)
    {
        // Real values from the middle of the log, so searches and filters hit what a user would look for.
        var middle = (await store.ListAsync(new MessageQuery { Until = LogData.Start.AddDays(90), Statuses = [MessageStatus.Delivered], PageSize = 1 }, CancellationToken.None)).Items[0];
        var heavy = "+14155550123";
        var rare = middle.To;
        var scenarios = new List<(string, MessageQuery)>
        {
            ("default page", new MessageQuery()),
            ("page 2", new MessageQuery { Page = 2 }),
            ("page 400 (offset 9,975: the deepest offset page)", new MessageQuery { Page = 400 }),
            ("status delivered", new MessageQuery { Statuses = [MessageStatus.Delivered] }),
            ("status queued (rare)", new MessageQuery { Statuses = [MessageStatus.Queued] }),
            ("statuses delivered, failed", new MessageQuery { Statuses = [MessageStatus.Delivered, MessageStatus.Failed] }),
            ("statuses failed, undelivered, canceled", new MessageQuery { Statuses = [MessageStatus.Failed, MessageStatus.Undelivered, MessageStatus.Canceled] }),
            ("statuses failed, undelivered, page 40", new MessageQuery { Statuses = [MessageStatus.Failed, MessageStatus.Undelivered], Page = 40 }),
            ("recipient, heavy user", new MessageQuery { To = heavy }),
            ("recipient, one message", new MessageQuery { To = rare }),
            ("sender +14155550102", new MessageQuery { From = "+14155550102" }),
            ("error code 30007", new MessageQuery { ErrorCode = 30007 }),
            ("date range: one week, 3 months ago", new MessageQuery { Since = LogData.Start.AddDays(90), Until = LogData.Start.AddDays(97) }),
            ("search body, common: \"verification code\"", new MessageQuery { Search = "verification code" }),
            ("search body, 15 %: \"appointment with\"", new MessageQuery { Search = "appointment with" }),
            ("search body, ~1 %: \"Dr. Müller is on Mar\"", new MessageQuery { Search = "Dr. Müller is on" }),
            ("search body, rare: order number", new MessageQuery { Search = "#04217 has" }),
            ("search SID substring (10 chars)", new MessageQuery { Search = middle.Sid![8..18] }),
            ("search number substring (7 digits)", new MessageQuery { Search = rare[5..] }),
            ("search, no match", new MessageQuery { Search = "zzqxj" }),
            ("search \"order\" + status failed", new MessageQuery { Search = "order", Statuses = [MessageStatus.Failed] }),
            ("status failed + recipient heavy", new MessageQuery { Statuses = [MessageStatus.Failed], To = heavy }),
        };
        scenarios.AddRange(await KeysetScenariosAsync(store, middle));
        return scenarios;
    }

    private static void Print(string path, int count, int runs, List<(string Name, MessageQuery Query)> scenarios, Dictionary<string, List<double>> timings, Dictionary<string, MessagePage> results)
    {
        var baseline = Percentiles.Of(timings["default page"].Order().ToList(), 95);
        Console.WriteLine();
        Console.WriteLine($"## Message log: {count:N0} messages, {runs} runs per filter, {path}");
        Console.WriteLine();
        Console.WriteLine("| filter | p50 ms | p95 ms | p95 / default page | rows | total |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, _) in scenarios)
        {
            var sorted = timings[name].Order().ToList();
            var p95 = Percentiles.Of(sorted, 95);
            var page = results[name];
            Console.WriteLine($"| {name} | {Percentiles.Of(sorted, 50):0.0} | {p95:0.0} | {p95 / baseline:0.00} | {page.Items.Count} | {TotalText(page)} |");
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
