using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>
/// The app as a real process delivering to a slow loopback receiver, killed with SIGKILL while deliveries are in
/// flight, then restarted on the same SQLite file: the receiver ends up with every event in the outbox at least
/// once, with the ids it had, and each message's events first arrive in order.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class OutboundWebhookKillTests
{
    private const int Messages = 150;
    private static readonly string[] Statuses = ["sending", "sent", "delivered"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryEventReachesTheReceiverInOrderPerMessageAfterAKillMinus9MidDelivery()
    {
        using var app = new AppProcess();
        await using var receiver = new WebhookReceiver { Delay = TimeSpan.FromMilliseconds(30) };
        var (endpointId, secret, messages) = await PrepareAsync(app.ConnectionString, receiver.Url);
        receiver.Secret = secret;
        await receiver.StartAsync();

        var port = FreePort.Next();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        using var first = StartApp(app, port);
        await AppProcess.WaitUntilReadyAsync(http, first);

        var work = new ConcurrentQueue<Message>(messages);
        var notStored = 0;
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (work.TryDequeue(out var message))
            {
                foreach (var status in Statuses)
                {
                    using var request = SignedCallback.Request(new Uri(http.BaseAddress!, StatusCallbackRoute.PathFor(message.Id)), SignedCallback.Form(message.Sid!, status));
                    using var response = await http.SendAsync(request, Ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref notStored);
                    }
                }
            }
        }, Ct)).ToArray();
        await Task.WhenAll(workers);
        Assert.Equal(0, notStored);

        var total = Messages * Statuses.Length;
        await receiver.WaitUntilAsync(d => d.Select(r => r.Id).Distinct().Count() >= total / 3, "a third of the events before the kill");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync(Ct);
        var receivedAtKill = receiver.Deliveries.Select(r => r.Id).Distinct().Count();
        Assert.True(receivedAtKill < total, $"Every event was delivered before the kill ({receivedAtKill}); nothing was in flight.");

        var outboxAtKill = await OutboxRowsAsync(app.ConnectionString, endpointId);
        Assert.Equal(total, outboxAtKill.Count);

        using var second = StartApp(app, port);
        await AppProcess.WaitUntilReadyAsync(http, second);
        await receiver.WaitUntilAsync(
            d => outboxAtKill.Keys.All(d.Select(r => r.Id).ToHashSet().Contains),
            "every outbox event after the restart",
            TimeSpan.FromSeconds(90));
        await AppProcess.StopAsync(second);

        var deliveries = receiver.Deliveries.ToArray();
        var summary = $"events {total}, distinct received before the kill {receivedAtKill}, deliveries in all {deliveries.Length}, " +
            $"redelivered {deliveries.Length - deliveries.Select(d => d.Id).Distinct().Count()}, bad signatures {receiver.BadSignatures}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine($"[OutboundWebhookKillTests] {summary}");

        Assert.Equal(0, receiver.BadSignatures);
        Assert.Empty(deliveries.Select(d => d.Id).Except(outboxAtKill.Keys));
        foreach (var message in deliveries.DistinctBy(d => d.Id).GroupBy(d => d.MessageId))
        {
            var arrived = message.Select(d => d.Version!.Value).ToList();
            Assert.Equal(arrived.Order(), arrived);
            Assert.Equal(["sending", "sent", "delivered"], message.Select(d => d.Status));
            Assert.All(message, d => Assert.Equal(outboxAtKill[d.Id], d.Version));
        }
    }

    /// <summary>The endpoint (its secret protected with the store's key ring, as the app would) and queued messages, before the app starts.</summary>
    private static async Task<(string EndpointId, string Secret, List<Message> Messages)> PrepareAsync(string connectionString, string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddTrackerStorage(configuration);
        services.AddSingleton<WebhookSecrets>();
        await using var provider = services.BuildServiceProvider();
        var secret = WebhookSecrets.Generate();
        var endpoint = new WebhookEndpoint
        {
            Id = "ep_kill_test",
            Url = url,
            Subscription = WebhookSubscription.StatusChanges,
            ProtectedSecret = provider.GetRequiredService<WebhookSecrets>().Protect(secret),
            CreatedAt = DateTimeOffset.UtcNow,
            CreatedBy = "kill-test",
        };
        await provider.GetRequiredService<IOutboxStore>().AddEndpointAsync(endpoint, Ct);

        var store = new SqliteMessageStore(new SqliteStoreOptions(connectionString));
        await store.InitializeAsync(Ct);
        var messages = new List<Message>();
        for (var i = 0; i < Messages; i++)
        {
            var message = TestMessages.Queued(from: TwilioOptions.SimulatorFrom, body: $"outbound kill test {i}");
            await store.AddAsync(message, Ct);
            messages.Add(message);
        }

        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        return (endpoint.Id, secret, messages);
    }

    /// <summary>The endpoint's outbox rows as committed: event id → sequence (the message version it describes).</summary>
    private static async Task<Dictionary<string, long>> OutboxRowsAsync(string connectionString, string endpointId)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, sequence FROM outbox_events WHERE endpoint_id = $endpoint";
        command.Parameters.AddWithValue("$endpoint", endpointId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new Dictionary<string, long>();
        while (await reader.ReadAsync(Ct))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    private static Process StartApp(AppProcess app, int port) => AppProcess.StartInBackground(app.StartInfo(
        ["--urls", $"http://127.0.0.1:{port}"],
        "Production",
        settings:
        [
            ("Twilio__Simulator__AllowOutsideDevelopment", "true"),
            ("Twilio__AuthToken", TwilioOptions.SimulatorAuthToken),
            ("Logging__LogLevel__Default", "Error"),
            ("OutboundWebhooks__AllowLoopback", "true"),
            ("OutboundWebhooks__PollInterval", "00:00:00.050"),
            ("OutboundWebhooks__FirstRetryDelay", "00:00:00.200"),
            ("OutboundWebhooks__MaxRetryDelay", "00:00:01"),
            // The killed process never releases its lease: the restarted one takes it over once it expires.
            ("Leases__Duration", "00:00:04"),
            ("Leases__RenewInterval", "00:00:01"),
        ]));
}
