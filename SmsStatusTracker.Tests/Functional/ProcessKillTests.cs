using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The app as a real process, killed with SIGKILL while callbacks pour in, then restarted on the same SQLite
/// file: every callback it answered 200 is in the store (200 is only sent after the commit).
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class ProcessKillTests
{
    private const int Messages = 300;
    private static readonly string[] Statuses = ["sending", "sent", "delivered"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryCallbackAnswered200BeforeAKillMinus9IsStoredAfterTheRestart()
    {
        using var app = new AppProcess();
        var messages = await PrecreateAsync(app.ConnectionString);
        var port = FreePort.Next();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

        using var first = StartApp(app, port);
        await AppProcess.WaitUntilReadyAsync(http, first);

        var answered200 = new ConcurrentBag<(Guid MessageId, string Token)>();
        var sent = 0;
        var failed = 0;
        var work = new ConcurrentQueue<(Message Message, string Status)>(
            Statuses.SelectMany(status => messages.Select(message => (message, status))));
        using var killed = new CancellationTokenSource();
        var killAfter = Messages * Statuses.Length / 3;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (work.TryDequeue(out var item))
            {
                var token = Guid.NewGuid().ToString("N");
                var url = new Uri(http.BaseAddress!, StatusCallbackRoute.PathFor(item.Message.Id));
                using var request = SignedCallback.Request(url, SignedCallback.Form(item.Message.Sid!, item.Status), idempotencyToken: token);
                Interlocked.Increment(ref sent);
                try
                {
                    using var response = await http.SendAsync(request, Ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        answered200.Add((item.Message.Id, token));
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    if (killed.IsCancellationRequested)
                    {
                        return;
                    }
                }

                if (answered200.Count >= killAfter && !killed.IsCancellationRequested)
                {
                    killed.Cancel();
                    first.Kill(entireProcessTree: true);
                }
            }
        }, Ct)).ToArray();
        await Task.WhenAll(workers);
        await first.WaitForExitAsync(Ct);
        Assert.True(killed.IsCancellationRequested, "The load ended before the process was killed.");
        Assert.NotEqual(0, first.ExitCode);

        using var second = StartApp(app, port);
        await AppProcess.WaitUntilReadyAsync(http, second);
        var store = new SqliteMessageStore(new SqliteStoreOptions(app.ConnectionString));
        var lost = new List<string>();
        foreach (var group in answered200.GroupBy(a => a.MessageId))
        {
            var stored = await store.FindAsync(group.Key, Ct);
            var tokens = stored!.History.Select(h => h.IdempotencyToken).ToHashSet();
            lost.AddRange(group.Where(a => !tokens.Contains(a.Token)).Select(a => $"{a.MessageId}/{a.Token}"));
        }

        using var after = await http.SendAsync(SignedCallback.Request(
            new Uri(http.BaseAddress!, StatusCallbackRoute.PathFor(messages[0].Id)),
            SignedCallback.Form(messages[0].Sid!, "read")), Ct);
        await AppProcess.StopAsync(second);
        var summary = $"callbacks sent {sent}, answered 200 {answered200.Count}, failed/unanswered {failed}, stored of the 200s {answered200.Count - lost.Count}, lost {lost.Count}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine($"[ProcessKillTests] {summary}");
        await store.DisposeAsync();

        Assert.Empty(lost);
        Assert.True(answered200.Count >= killAfter, summary);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task<List<Message>> PrecreateAsync(string connectionString)
    {
        var store = new SqliteMessageStore(new SqliteStoreOptions(connectionString));
        await store.InitializeAsync(Ct);
        var messages = new List<Message>();
        for (var i = 0; i < Messages; i++)
        {
            var message = TestMessages.Queued(from: TwilioOptions.SimulatorFrom, body: $"kill test {i}");
            await store.AddAsync(message, Ct);
            messages.Add(message);
        }

        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return messages;
    }

    private static Process StartApp(AppProcess app, int port) => AppProcess.StartInBackground(app.StartInfo(
        ["--urls", $"http://127.0.0.1:{port}"],
        "Production",
        settings:
        [
            ("Twilio__Simulator__AllowOutsideDevelopment", "true"),
            // Outside Development the simulator makes up its own token unless one is configured; the test signs with this one.
            ("Twilio__AuthToken", TwilioOptions.SimulatorAuthToken),
            ("Logging__LogLevel__Default", "Error"),
        ]));
}
