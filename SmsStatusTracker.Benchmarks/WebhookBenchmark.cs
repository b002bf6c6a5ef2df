using System.Globalization;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.Health;

namespace SmsStatusTracker.Benchmarks;

// Webhook benchmark: the real app (a child process, Production settings, its SQLite file outside the content
// root) takes validly signed status callbacks from wrk over loopback; in the same run a bare Kestrel child
// answers the same requests with 200. Alternates the two per round and checks the stored statuses afterwards.
// Usage: webhook [--unknown] [--messages N] [--connections C] [--seconds S] [--warm-up S] [--rounds R] [--app path/to/SmsStatusTracker.Web.dll]
// The warm-up loads each server, waits until it is idle (background JIT done), and does it once more.
internal static class WebhookBenchmark
{
    private const int WarmUpMessages = 3000;
    private const double DuplicateShare = 0.05;
    private static int warmUpSeconds;

    public static async Task RunAsync(string[] args)
    {
        var unknown = args.Contains("--unknown");
        var messages = Option(args, "--messages", 60_000);
        var connections = Option(args, "--connections", 64);
        var seconds = Option(args, "--seconds", 10);
        var rounds = Option(args, "--rounds", 2);
        warmUpSeconds = Option(args, "--warm-up", 10);
        var app = Path.GetFullPath(OptionText(args, "--app") ?? Path.Combine(AppContext.BaseDirectory, "SmsStatusTracker.Web.dll"));
        Console.WriteLine($"webhook: {(unknown ? "unknown SIDs (parked)" : "known messages")}, {messages} messages × {CallbackRequests.Statuses.Length} callbacks (+{DuplicateShare:P0} repeats), {connections} connections, {seconds} s per run, {rounds} rounds");
        Console.WriteLine($"app: {app}");

        var results = new List<(string Server, int Round, WrkResult Wrk, double CpuUsPerRequest, string Load)>();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which server goes first, so neither always gets the cooler machine.
            var appFirst = round % 2 == 0;
            foreach (var server in appFirst ? new[] { "app", "bare" } : ["bare", "app"])
            {
                var (wrk, cpu) = server == "app"
                    ? await RunAppAsync(app, unknown, messages, connections, seconds, round)
                    : await RunBareAsync(app, unknown, messages, connections, seconds, round);
                results.Add((server, round, wrk, cpu, LoadAverage()));
            }
        }

        Print(unknown, connections, results);
    }

    private static async Task<(WrkResult, double)> RunBareAsync(string app, bool unknown, int messages, int connections, int seconds, int round)
    {
        var port = ChildProcess.FreePort();
        await using var bare = await ChildProcess.StartAsync(typeof(WebhookBenchmark).Assembly.Location, $"{BareKestrel.Mode} {port}", AppContext.BaseDirectory, port, new Dictionary<string, string>(), BareKestrel.ReadyPath);
        using var work = new WorkDirectory();
        var (warmUp, measured, _) = await WriteRequestsAsync(work, bare.BaseAddress, unknown, messages, round);
        await WarmUpAsync(bare, warmUp, connections);
        return await MeasureAsync(bare, measured, connections, seconds, "bare Kestrel");
    }

    private static async Task<(WrkResult, double)> RunAppAsync(string app, bool unknown, int messages, int connections, int seconds, int round)
    {
        using var work = new WorkDirectory();
        var database = Path.Combine(work.Path, "webhook.db");
        var port = ChildProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = baseAddress.ToString(),
            ["ConnectionStrings__Sqlite"] = $"Data Source={database}",
            ["ConnectionStrings__Mongo"] = "",
            ["Twilio__Mode"] = "Simulator",
            ["Twilio__Simulator__AllowOutsideDevelopment"] = "true",
            ["Twilio__AuthToken"] = TwilioOptions.SimulatorAuthToken,
            ["Twilio__PublicBaseUrl"] = baseAddress.ToString(),
            ["Smtp__Host"] = "127.0.0.1",
            ["Reconciliation__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        };

        // The content root is the app's own folder, as in a deployment; the database lives in a temp folder outside it.
        await using var child = await ChildProcess.StartAsync(app, "", Path.GetDirectoryName(app)!, port, environment, HealthEndpoints.ReadyPath);
        var (warmUp, measured, plan) = await WriteRequestsAsync(work, baseAddress, unknown, messages, round);
        // The app has created its schema (it answers ready only then); this store only adds and reads rows, so the
        // app under test keeps exactly the indexes its own version creates.
        await using var store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={database}"));
        if (!unknown)
        {
            await SeedAsync(store, plan.Messages);
        }

        await WarmUpAsync(child, warmUp, connections);
        var (result, cpu) = await MeasureAsync(child, measured, connections, seconds, "app");
        await WebhookCheck.CompleteAndVerifyAsync(baseAddress, plan, result, connections, store, unknown);
        SqliteConnection.ClearAllPools();
        return (result, cpu);
    }

    /// <summary>
    /// Load, then let the server go quiet, twice: tiered JIT recompiles hot methods on one background thread, which a
    /// busy machine starves, so right after a warm-up that thread can still take a large share of the server's CPU
    /// (45 % of the app's samples in one `perf` profile). Measuring then would charge that compiling to the requests.
    /// </summary>
    private static async Task WarmUpAsync(ChildProcess server, string requests, int connections)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            await Wrk.RunAsync(server.BaseAddress, requests, connections, pass == 0 ? warmUpSeconds : Math.Max(1, warmUpSeconds / 2));
            await WaitUntilQuietAsync(server);
        }
    }

    private static async Task WaitUntilQuietAsync(ChildProcess server)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var before = server.CpuTime();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(1000);
            var now = server.CpuTime();
            if ((now - before).TotalMilliseconds < 30)
            {
                Console.WriteLine($"  quiet after {waited.Elapsed.TotalSeconds:0} s");
                return;
            }

            before = now;
        }

        Console.WriteLine("  WARNING: the server never went quiet after its warm-up (still > 3 % of a core after 60 s)");
    }

    private static async Task<(WrkResult, double)> MeasureAsync(ChildProcess server, string requests, int connections, int seconds, string name)
    {
        var cpuBefore = server.CpuTime();
        var result = await Wrk.RunAsync(server.BaseAddress, requests, connections, seconds);
        var perThread = File.ReadLines(requests).Count() / Wrk.Threads;
        if (result.Sent.Values.Any(sent => sent > perThread))
        {
            Console.WriteLine($"  WARNING: wrk went through every request and started again (repeats from then on); raise --messages");
        }

        var cpuUs = (server.CpuTime() - cpuBefore).TotalMicroseconds / result.Requests;
        Console.WriteLine($"  {name}: {result.PerSecond:0} req/s, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, {cpuUs:0} µs CPU/request, non-2xx {result.StatusErrors}, socket errors {result.SocketErrors}; load {LoadAverage()}");
        return (result, cpuUs);
    }

    /// <summary>Warm-up and measured request files; the plan (messages and measured requests in file order) for the check.</summary>
    private static async Task<(string WarmUp, string Measured, WebhookPlan Plan)> WriteRequestsAsync(WorkDirectory work, Uri baseAddress, bool unknown, int messages, int round)
    {
        var all = Enumerable.Range(0, WarmUpMessages + messages).Select(_ => (Id: Guid.CreateVersion7(), Sid: "SM" + Guid.NewGuid().ToString("N"))).ToArray();
        var warmUp = CallbackRequests.For(all[..WarmUpMessages], baseAddress, TwilioOptions.SimulatorAuthToken, DuplicateShare, seed: round * 2);
        var measured = CallbackRequests.For(all[WarmUpMessages..], baseAddress, TwilioOptions.SimulatorAuthToken, DuplicateShare, seed: round * 2 + 1);
        var warmUpFile = Path.Combine(work.Path, "warm-up.txt");
        var measuredFile = Path.Combine(work.Path, "measured.txt");
        await CallbackRequests.WriteAsync(warmUpFile, warmUp);
        await CallbackRequests.WriteAsync(measuredFile, measured);
        return (warmUpFile, measuredFile, new WebhookPlan(unknown ? all[WarmUpMessages..] : all, all[WarmUpMessages..], measured));
    }

    private static async Task SeedAsync(SqliteMessageStore store, IReadOnlyList<(Guid Id, string Sid)> messages)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        foreach (var chunk in messages.Chunk(512))
        {
            await Task.WhenAll(chunk.Select(m => store.AddAsync(CallbackRequests.Seeded(m.Id, m.Sid, at), CancellationToken.None)));
        }
    }

    private static void Print(bool unknown, int connections, List<(string Server, int Round, WrkResult Wrk, double CpuUsPerRequest, string Load)> results)
    {
        Console.WriteLine();
        Console.WriteLine($"## Webhook: {(unknown ? "unknown SIDs (parked)" : "known messages")}, {connections} connections");
        Console.WriteLine();
        Console.WriteLine("| round | server | requests/s | vs bare Kestrel | p50 ms | p99 ms | server CPU µs/request | non-2xx | load average after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (server, round, wrk, cpu, load) in results)
        {
            var bare = results.First(r => r.Round == round && r.Server == "bare").Wrk.PerSecond;
            var name = server == "app" ? "the app" : "bare Kestrel";
            Console.WriteLine($"| {round} | {name} | {wrk.PerSecond:0} | {wrk.PerSecond / bare:0.000} | {wrk.P50Ms:0.0} | {wrk.P99Ms:0.0} | {cpu:0} | {wrk.StatusErrors} | {load} |");
        }

        Console.WriteLine();
        Console.WriteLine("target: the app ≥ 0.2 × bare Kestrel with p99 ≤ 25 ms");
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed class WorkDirectory : IDisposable
    {
        public WorkDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smsstatus-webhook", Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
