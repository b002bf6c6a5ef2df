using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Health endpoints, the SmsStatusTracker meter, what logs carry, and shutdown draining in-flight callbacks.</summary>
public sealed class HealthAndMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LiveAndReadyAnswerAnonymouslyWithJsonThatNamesChecksButNoPaths()
    {
        using var app = new TrackerApp();
        using var http = app.CreateHttpClient();

        using var live = await http.GetAsync("/health/live", Ct);
        using var ready = await http.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = await ready.Content.ReadAsStringAsync(Ct);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("Healthy", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", document.RootElement.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("Healthy", document.RootElement.GetProperty("checks").GetProperty("twilio").GetProperty("status").GetString());
        Assert.DoesNotContain(app.DatabasePath, json);
        Assert.DoesNotContain("simulator-development-auth-token", json);
    }

    [Fact]
    public async Task ReadyTurns503WhenTheStoreCannotAnswerWhileLiveStays200()
    {
        using var app = new TrackerApp();
        using var http = app.CreateHttpClient();
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE messages";
            await drop.ExecuteNonQueryAsync(Ct);
        }

        using var ready = await http.GetAsync("/health/ready", Ct);
        using var live = await http.GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"store\":{\"status\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task MeterCountsCallbacksTransitionsSendsAndTimeToFinal()
    {
        using var app = new TrackerApp();
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var accepted = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.accepted");
        using var rejected = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.rejected");
        using var transitions = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.status.transitions");
        using var sends = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.sends");
        using var timeToFinal = new MetricCollector<double>(meters, TrackerMetrics.MeterName, "smsstatus.time_to_final");
        using var http = app.CreateHttpClient();

        var delivered = await app.SendAsync("+15005550006");
        var refused = await app.SendAsync("+15005550001");
        await app.WaitForFinalAsync(delivered.Id);
        await app.WaitForAsync(delivered.Id, m => m.History.Count(h => h.Source == StatusEventSource.Callback) == 3);
        using var forged = await http.PostAsync(StatusCallbackRoute.Path, new FormUrlEncodedContent(SignedCallback.Form(delivered.Sid!, "failed")), Ct);
        using var json = await http.PostAsync(StatusCallbackRoute.Path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(3, accepted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(["content_type", "signature"], rejected.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!).Order());
        var moves = transitions.GetMeasurementSnapshot().Select(m => $"{m.Tags["from"]}->{m.Tags["to"]}/{m.Tags["source"]}").ToList();
        Assert.Contains("sent->delivered/callback", moves);
        Assert.Contains("created->failed/send_response", moves);
        Assert.Equal(["accepted", "rejected"], sends.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!).Order());
        var finals = timeToFinal.GetMeasurementSnapshot();
        Assert.Equal(["delivered", "failed"], finals.Select(m => (string)m.Tags["status"]!).Order());
        Assert.All(finals, m => Assert.InRange(m.Value, 0, 30));
    }

    [Fact]
    public async Task EveryCallbackIsCountedOnceUnderTheReasonItsAnswerWasDecidedFor()
    {
        using var app = new TrackerApp();
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var accepted = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.accepted");
        using var rejected = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.rejected");
        using var http = app.CreateHttpClient();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.Path);
        var otherAccount = SignedCallback.Form(SignedCallback.NewSid(), "sent");
        otherAccount["AccountSid"] = "AC" + new string('1', 32);
        var notASid = SignedCallback.Form("not-a-sid", "sent");
        var tooLarge = SignedCallback.Form(SignedCallback.NewSid(), "sent");
        tooLarge["Padding"] = new string('x', 40 * 1024);

        var answers = new List<HttpStatusCode>();
        foreach (var request in new[]
        {
            SignedCallback.Request(url, SignedCallback.Form(SignedCallback.NewSid(), "sent")),
            SignedCallback.Request(url, otherAccount),
            SignedCallback.Request(url, notASid),
            SignedCallback.Request(url, tooLarge),
            SignedCallback.Request(url, SignedCallback.Form(SignedCallback.NewSid(), "sent"), authToken: null),
            new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") },
        })
        {
            using (request)
            using (var response = await http.SendAsync(request, Ct))
            {
                answers.Add(response.StatusCode);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.Forbidden, HttpStatusCode.UnsupportedMediaType], answers);
        Assert.Equal(1, accepted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(
            ["account", "content_type", "invalid", "signature", "too_large"],
            rejected.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!).Order());
    }

    [Fact]
    public async Task LogsAtInformationCarryMessageIdAndSidButNeverTheBodyOrTheAuthToken()
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Text, IReadOnlyList<KeyValuePair<string, object?>> State)>();
        const string secretToken = "a-secret-auth-token-for-the-log-test";
        const string body = "Top secret body 9f3e";
        using var app = new TrackerApp(
            new() { ["Logging:LogLevel:Default"] = "Information", ["Twilio:AuthToken"] = secretToken },
            services => services.AddLogging(b => b.AddProvider(new CapturingLoggerProvider(logs))));
        app.Simulator.DuplicateRate = 1;

        var sent = await app.SendAsync("+15005550006", body);
        await app.WaitForFinalAsync(sent.Id);

        Assert.DoesNotContain(logs, l => l.Text.Contains(body, StringComparison.Ordinal) || l.Text.Contains(secretToken, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.State.Any(p => p.Value?.ToString()?.Contains(body, StringComparison.Ordinal) == true));
        var aboutIt = logs.Where(l => l.State.Any(p => p.Key == "MessageId" && Equals(p.Value, sent.Id))).ToList();
        Assert.NotEmpty(aboutIt);
        Assert.Contains(aboutIt, l => l.State.Any(p => p.Key == "Sid" && Equals(p.Value, sent.Sid)));
    }

    [Fact]
    public async Task StoppingTheHostLetsAnInFlightCallbackFinishWith200()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Holds the callback's request inside the app (after its status is stored) until the test lets go.
        var app = new TrackerApp(configureServices: services => services.AddSingleton<IMessageChangeNotifier>(new HoldingNotifier(entered, release)));
        var message = await app.SendAsync("+15005550006");
        await app.WaitForFinalAsync(message.Id);
        using var http = app.CreateHttpClient();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(message.Id));

        var callback = http.SendAsync(SignedCallback.Request(url, SignedCallback.Form(message.Sid!, "read")), Ct);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var stopping = Task.Run(app.Dispose, Ct);
        await Task.Delay(200, Ct);
        Assert.False(callback.IsCompleted, "The callback should still be in flight while the host drains.");
        release.SetResult();

        using var response = await callback.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await stopping.WaitAsync(TimeSpan.FromSeconds(15), Ct);
    }

    private sealed class HoldingNotifier(TaskCompletionSource entered, TaskCompletionSource release) : IMessageChangeNotifier
    {
        public async Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken)
        {
            if (message.Status == MessageStatus.Read)
            {
                entered.TrySetResult();
                await release.Task;
            }
        }
    }

    [Fact]
    public async Task ReconciliationWaitingItsTurnDoesNotHoldUpShutdown()
    {
        var app = new TrackerApp(new()
        {
            ["Reconciliation:MinAge"] = "00:00:00.100",
            ["Reconciliation:Interval"] = "00:00:00.100",
            ["Reconciliation:MaxPerMinute"] = "1",
            ["Reconciliation:AssumeNeverCreatedAfter"] = "00:10:00",
        });
        app.Simulator.DropRate = 1;
        await app.SendAsync("+15005550006", "one");
        await app.SendAsync("+15005550006", "two");
        await Task.Delay(800, Ct);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Run(app.Dispose, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Shutdown took {clock.Elapsed}.");
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<(LogLevel, string, IReadOnlyList<KeyValuePair<string, object?>>)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(logs);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<(LogLevel, string, IReadOnlyList<KeyValuePair<string, object?>>)> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Enqueue((logLevel, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
            }
        }
    }
}
