using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Web.LiveFeed;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Benchmarks;

// Live-feed benchmark: N dashboards' feeds open, status callbacks at R per second. Reports the time from a
// callback being posted to every listener having it, against a baseline measured in the same run: a bare
// hub broadcast (no HTTP, no signature, no store) at the same rate. Usage: feed [clients] [rate] [seconds] [--batched]
// --batched: the listeners connect with ?batch=1 and take MessagesChanged frames; the baseline is then the batcher
// alone (changes queued straight into it), so both phases pay for the same frames.
internal static class LiveFeedBenchmark
{
    public const string BatchedFlag = "--batched";

    public static async Task RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "--listeners")
        {
            await FeedListenerProcess.RunChildAsync(args[1..]);
            return;
        }

        var batched = args.Contains(BatchedFlag);
        args = args.Where(a => a != BatchedFlag).ToArray();
        var clients = args.Length > 0 ? int.Parse(args[0]) : 50;
        var rate = args.Length > 1 ? int.Parse(args[1]) : 100;
        var seconds = args.Length > 2 ? int.Parse(args[2]) : 20;
        var total = rate * seconds;

        using var host = new BenchmarkHost();
        var memoryIdle = Memory.Measure();
        var store = host.Services.GetRequiredService<IMessageStore>();
        var apiKey = clients > 0 ? await ListenerKeyAsync(host.Services) : "";
        await using var feed = await FeedListenerProcess.StartAsync(host.BaseAddress, apiKey, clients, batched);
        Console.WriteLine($"{clients} {(batched ? "batched" : "per-change")} feed clients (child process) connected to {host.BaseAddress}; {rate} changes/s for {seconds} s per phase; load {LoadAverage()}");

        // Baseline: the hub alone. A short unmeasured run first, so neither phase pays for JIT and warm-up.
        var hub = host.Services.GetRequiredService<IHubContext<MessagesHub>>();
        var batcher = host.Services.GetRequiredService<MessageFeedBatcher>();
        Func<int, Task<(Guid, long)>> broadcast = async i =>
        {
            var message = Sample.Message(i, sid: null);
            var start = Stopwatch.GetTimestamp();
            if (batched)
            {
                batcher.Enqueue(MessageChangedEvent.For(message, MessageChangeKind.StatusChanged));
            }
            else
            {
                await hub.Clients.All.SendAsync(MessageFeedEvents.MessageChanged, MessageChangedEvent.For(message, MessageChangeKind.StatusChanged));
            }

            return (message.Id, start);
        };
        await Paced.RunAsync(rate * 2, rate, broadcast);
        var baselineCpu = Cpu.Start();
        var baselineListenerCpu = feed.Cpu;
        var baselineSent = await Paced.RunAsync(total, rate, broadcast);
        await Task.Delay(2000);
        var baselineCpuMs = baselineCpu.ElapsedMs();
        var baselineListenerCpuMs = (feed.Cpu - baselineListenerCpu).TotalMilliseconds;
        var baseline = await feed.CollectAsync(baselineSent);

        // Full path: signed callback over HTTP → signature check → durable store → hub → listeners.
        var messages = Enumerable.Range(0, total).Select(i => Sample.Message(i, sid: "SM" + Guid.NewGuid().ToString("N"))).ToArray();
        foreach (var message in messages)
        {
            await store.AddAsync(message, CancellationToken.None);
        }

        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var statuses = new ConcurrentBag<int>();
        var fullCpu = Cpu.Start();
        var fullListenerCpu = feed.Cpu;
        var fullSent = await Paced.RunAsync(total, rate, async i =>
        {
            var message = messages[i];
            var url = new Uri(host.BaseAddress, SmsStatusTracker.Web.Endpoints.StatusCallbacks.StatusCallbackRoute.PathFor(message.Id));
            var form = new Dictionary<string, string>
            {
                ["MessageSid"] = message.Sid!, ["MessageStatus"] = "delivered", ["AccountSid"] = TwilioOptions.SimulatorAccountSid,
                ["To"] = message.To, ["From"] = message.From, ["ApiVersion"] = "2010-04-01",
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add(TwilioHeaders.Signature, TwilioRequestSigner.Sign(TwilioOptions.SimulatorAuthToken, url.ToString(), form));
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            statuses.Add((int)response.StatusCode);
            return (message.Id, start);
        });
        await Task.Delay(2000);
        var fullCpuMs = fullCpu.ElapsedMs();
        var fullListenerCpuMs = (feed.Cpu - fullListenerCpu).TotalMilliseconds;
        var memoryLoaded = Memory.Measure();
        var full = await feed.CollectAsync(fullSent);

        Report.Print(clients, rate, seconds, baseline, full, statuses, memoryIdle, memoryLoaded);
        // Server-process CPU (with the load generator that posts the callbacks), then the listeners' process, per change sent.
        Console.WriteLine();
        Console.WriteLine($"server process CPU per change: baseline {baselineCpuMs * 1000 / total:0} µs, full path {fullCpuMs * 1000 / total:0} µs ({fullCpuMs / baselineCpuMs:0.00}×)");
        Console.WriteLine($"listener process CPU per change: baseline {baselineListenerCpuMs * 1000 / total:0} µs, full path {fullListenerCpuMs * 1000 / total:0} µs; listener process working set {feed.WorkingSetMb:0} MB");
        Console.WriteLine($"load average at the end: {LoadAverage()}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>An API key of a Viewer, as an integration that listens to the hub would hold.</summary>
    private static async Task<string> ListenerKeyAsync(IServiceProvider services)
    {
        var accounts = services.GetRequiredService<AccountService>();
        var invited = await accounts.InviteAsync("bench-listener@example.com", AppRoles.Viewer, CancellationToken.None);
        if (!invited.Succeeded)
        {
            throw new InvalidOperationException(invited.Error);
        }

        var (_, token) = await services.GetRequiredService<ApiKeyService>().CreateAsync(invited.UserId!, "benchmark listener", CancellationToken.None);
        return token;
    }
}
