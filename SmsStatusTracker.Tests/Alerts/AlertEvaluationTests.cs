using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>The evaluator's decisions with numbers set by the test (a scripted <see cref="IAlertMetrics"/>) on the real SQLite alert store.</summary>
public sealed class AlertEvaluationTests : IAsyncLifetime
{
    private readonly AlertHarness harness = new();
    private readonly ScriptedMetrics metrics = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => new(harness.InitializeAsync());

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    private static AlertRule ErrorRule(double threshold = 10) => AlertStoreContract.Rule("Carrier violations") with { Threshold = threshold, Recipients = [] };

    [Fact]
    public async Task AValueHoveringBetweenTheResolveLevelAndTheThresholdNeitherFiresAgainNorResolves()
    {
        await harness.Alerts.SaveRuleAsync(ErrorRule(), Ct);

        foreach (var count in new long[] { 11, 12, 9, 11, 9, 10, 7 })
        {
            metrics.Errors = count;
            await harness.NewEvaluation(metrics).RunPassAsync(Ct);
        }

        Assert.Equal([AlertChange.Fired, AlertChange.Resolved], harness.Notified.Kinds);
        Assert.Equal(11, harness.Notified.Changes[0].Occurrence.Fired.Value);
        Assert.Equal(7, harness.Notified.Changes[1].Occurrence.Resolved!.Value);
    }

    [Fact]
    public async Task AFiringRuleIsNotFiredAgainByANewEvaluatorAndIsResolvedByIt()
    {
        await harness.Alerts.SaveRuleAsync(ErrorRule(), Ct);
        metrics.Errors = 50;
        Assert.Single(await harness.NewEvaluation(metrics).RunPassAsync(Ct));

        // A restart: nothing in memory, the store says the rule is firing.
        Assert.Empty(await harness.NewEvaluation(metrics).RunPassAsync(Ct));
        metrics.Errors = 0;
        var resolved = Assert.Single(await harness.NewEvaluation(metrics).RunPassAsync(Ct));

        Assert.Equal(AlertChange.Resolved, resolved.Change);
        Assert.Equal(harness.Notified.Changes[0].Occurrence.Id, resolved.Occurrence.Id);
    }

    [Fact]
    public async Task AFailureRateBelowItsMinimumSampleNeverFires()
    {
        await harness.Alerts.SaveRuleAsync(AlertStoreContract.Rule("Rate", Core.Alerts.AlertRuleKind.FailureRate) with { Threshold = 10, MinimumSample = 20 }, Ct);
        metrics.Outcomes = (19, 19);

        Assert.Empty(await harness.NewEvaluation(metrics).RunPassAsync(Ct));
        metrics.Outcomes = (20, 19);
        var fired = Assert.Single(await harness.NewEvaluation(metrics).RunPassAsync(Ct));
        Assert.Equal((95, 20L), (fired.Occurrence.Fired.Value, fired.Occurrence.Fired.Sample));
    }

    [Fact]
    public async Task AnOpenAlertOfADeletedRuleResolvesWithoutNumbers()
    {
        var rule = ErrorRule();
        await harness.Alerts.SaveRuleAsync(rule, Ct);
        metrics.Errors = 50;
        await harness.NewEvaluation(metrics).RunPassAsync(Ct);

        await harness.Alerts.DeleteRuleAsync(rule.Id, Ct);
        var resolved = Assert.Single(await harness.NewEvaluation(metrics).RunPassAsync(Ct));

        Assert.Equal((AlertChange.Resolved, (AlertMeasurement?)null, (AlertRule?)null), (resolved.Change, resolved.Occurrence.Resolved, resolved.Rule));
    }

    [Fact]
    public async Task ANotifierThatThrowsDoesNotKeepTheOthersFromHearing()
    {
        await harness.Alerts.SaveRuleAsync(ErrorRule(), Ct);
        metrics.Errors = 50;
        var evaluation = new AlertEvaluation(harness.Alerts, new AlertMeasurer(metrics), [new ThrowingNotifier(), harness.Notified],
            new StaticLinks(), harness.Clock, NullLogger<AlertEvaluation>.Instance);

        await evaluation.RunPassAsync(Ct);

        Assert.Equal([AlertChange.Fired], harness.Notified.Kinds);
    }

    [Fact]
    public async Task RulesAreEvaluatedOnlyWhileThisReplicaHoldsTheAlertsLease()
    {
        var path = Path.Combine(Path.GetTempPath(), $"smsstatus-alert-lease-{Guid.NewGuid():N}.db");
        try
        {
            var leases = new SqliteLeaseStore(new SqliteStoreOptions($"Data Source={path}"));
            var now = DateTimeOffset.UtcNow;
            Assert.True(await leases.TryAcquireAsync(LeaseNames.Alerts, "another replica", now, now.AddHours(1), Ct));
            await harness.Alerts.SaveRuleAsync(ErrorRule(), Ct);
            metrics.Errors = 50;
            var runner = new LeaseRunner(leases, TimeProvider.System,
                Options.Create(new LeaseOptions { Duration = TimeSpan.FromSeconds(2), RenewInterval = TimeSpan.FromMilliseconds(200) }),
                NullLogger<LeaseRunner>.Instance);
            var evaluation = new AlertEvaluation(harness.Alerts, new AlertMeasurer(metrics), [harness.Notified], new StaticLinks(), TimeProvider.System,
                NullLogger<AlertEvaluation>.Instance);
            using var service = new AlertService(evaluation, runner, Options.Create(new AlertOptions { EvaluationInterval = TimeSpan.FromMilliseconds(100) }),
                TimeProvider.System, NullLogger<AlertService>.Instance);

            await service.StartAsync(Ct);
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.Empty(harness.Notified.Kinds);

            await leases.ReleaseAsync(LeaseNames.Alerts, "another replica", Ct);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (harness.Notified.Kinds.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
            await service.StopAsync(Ct);
            Assert.Equal([AlertChange.Fired], harness.Notified.Kinds);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteTestFile.Delete(path);
        }
    }

    private sealed class ScriptedMetrics : IAlertMetrics
    {
        public long Errors { get; set; }

        public (long Outcomes, long Failed) Outcomes { get; set; }

        public Task<(long Outcomes, long Failed)> CountOutcomesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) => Task.FromResult(Outcomes);

        public Task<long> CountErrorAsync(int errorCode, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) => Task.FromResult(Errors);

        public Task<IReadOnlyList<TimeSpan>> DeliveryTimesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TimeSpan>>([]);

        public Task<long> CountWithoutCallbackAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) => Task.FromResult(0L);

        public Task<long> CountStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) => Task.FromResult(0L);
    }

    private sealed class ThrowingNotifier : IAlertNotifier
    {
        public Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken) => throw new InvalidOperationException("mail server down");
    }

    private sealed class StaticLinks : IMessageLogLinks
    {
        public string For(Core.Storage.MessageQuery query) => "https://tracker.example.com/messages";
    }
}
