using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.LiveFeed;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Benchmarks;

// Sending benchmark: N messages through POST /api/messages with an Operator's API key from C connections at once,
// in process with the app and its built-in simulator (which plays each message's life and posts its three signed
// callbacks back over HTTP). A round ends when every message is final in the store. Usage: send [messages]
// [connections] [rounds]. Several rounds show whether memory (the simulator's ledger above all) stays flat.
// The per-user send throttle is switched off (RateLimits:SendsPerUser=0): one key sends everything.
internal static class SendBenchmark
{
    private static readonly TimeSpan FinalTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 3000;
        var connections = args.Length > 1 ? int.Parse(args[1]) : 16;
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 1;

        // Environment variables reach the app's configuration without changing the shared host; the host's own
        // settings (Production, SQLite file in a temp folder, simulator, Warning logs) stay as they are.
        Environment.SetEnvironmentVariable("RateLimits__SendsPerUser", "0");
        using var host = new BenchmarkHost();
        var services = host.Services;
        var key = await OperatorKeyAsync(services);
        var final = new ConcurrentDictionary<Guid, MessageStatus>();
        using var watch = services.GetRequiredService<MessageNotifications>().Subscribe(change =>
        {
            if (StatusRank.IsFinal(change.Message.Status))
            {
                final[change.Message.Id] = change.Message.Status;
            }

            return Task.CompletedTask;
        });

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        Console.WriteLine($"send: {count} messages × {rounds} round(s), {connections} connections, {host.BaseAddress}; load {LoadAverage()}");
        await RoundAsync(http, services, final, Math.Min(count, 2000), connections, "warm-up");
        var memoryStart = Memory.Measure();
        Console.WriteLine($"after warm-up: working set {memoryStart.WorkingSetMb:0} MB, managed heap {memoryStart.ManagedHeapMb:0} MB");
        Console.WriteLine();
        Console.WriteLine("| round | messages/s (sending) | messages/s (all final) | p50 ms | p99 ms | CPU/send ms | final | not final | errors | heap MB | working set MB | ledger |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var round = 1; round <= rounds; round++)
        {
            await RoundAsync(http, services, final, count, connections, round.ToString());
        }

        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
    }

    private static async Task RoundAsync(HttpClient http, IServiceProvider services, ConcurrentDictionary<Guid, MessageStatus> final, int count, int connections, string name)
    {
        var ids = new ConcurrentBag<Guid>();
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<int, int>();
        var next = -1;
        var cpu = Cpu.Start();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "Your order has shipped and arrives tomorrow." });
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    errors.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    continue;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                ids.Add(json.RootElement.GetProperty("id").GetGuid());
            }
        })));
        var sending = clock.Elapsed;

        // Every accepted message must reach a final status (delivered here) through its callbacks.
        var deadline = Stopwatch.StartNew();
        while (ids.Any(id => !final.ContainsKey(id)) && deadline.Elapsed < FinalTimeout)
        {
            await Task.Delay(20);
        }

        var allFinal = clock.Elapsed;
        var cpuMs = cpu.ElapsedMs();

        // Checked against the store itself, not only the notifications.
        var store = services.GetRequiredService<IMessageStore>();
        var stored = 0;
        var notFinal = 0;
        foreach (var id in ids)
        {
            var message = await store.FindAsync(id, CancellationToken.None);
            if (message is { Status: var status } && StatusRank.IsFinal(status) && message.Sid is not null)
            {
                stored++;
            }
            else
            {
                notFinal++;
            }
        }

        var sorted = latencies.Order().ToList();
        var memory = Memory.Measure();
        var ledger = services.GetRequiredService<SimulatedTwilioLedger>().Messages.Count;
        var failed = errors.IsEmpty ? "0" : string.Join(" ", errors.Select(e => $"{e.Key}×{e.Value}"));
        Console.WriteLine($"| {name} | {count / sending.TotalSeconds:0} | {count / allFinal.TotalSeconds:0} | {Percentiles.Of(sorted, 50):0.0} | {Percentiles.Of(sorted, 99):0.0} | {cpuMs / count:0.00} | {stored} | {notFinal} | {failed} | {memory.ManagedHeapMb:0} | {memory.WorkingSetMb:0} | {ledger} |");
        if (notFinal > 0)
        {
            Environment.ExitCode = 1;
        }
    }

    /// <summary>An API key of an Operator, as a script that sends would hold.</summary>
    private static async Task<string> OperatorKeyAsync(IServiceProvider services)
    {
        var accounts = services.GetRequiredService<AccountService>();
        var invited = await accounts.InviteAsync("bench-sender@example.com", AppRoles.Operator, CancellationToken.None);
        if (!invited.Succeeded)
        {
            throw new InvalidOperationException(invited.Error);
        }

        var (_, token) = await services.GetRequiredService<ApiKeyService>().CreateAsync(invited.UserId!, "benchmark sender", CancellationToken.None);
        return token;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
