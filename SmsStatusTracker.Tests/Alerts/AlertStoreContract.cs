using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>What every <see cref="IAlertStore"/> adapter must do; each subclass opens a store over a fresh database per test.</summary>
public abstract class AlertStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over the test's database (a new instance each call, as another replica would have); skips when the engine is missing.</summary>
    protected abstract Task<IAlertStore> OpenAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    internal static AlertRule Rule(string name = "Failures", AlertRuleKind kind = AlertRuleKind.ErrorCode) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        Kind = kind,
        Window = TimeSpan.FromMinutes(15),
        Threshold = 12.5,
        MinimumSample = 20,
        ErrorCode = 30007,
        Age = TimeSpan.FromMinutes(10),
        Recipients = ["ops@example.com", "oncall@example.com"],
        UpdatedAt = T0,
        UpdatedBy = "admin@example.com",
    };

    private static AlertOccurrence Occurrence(AlertRule rule, DateTimeOffset firedAt) => new()
    {
        Id = Guid.NewGuid(),
        RuleId = rule.Id,
        RuleName = rule.Name,
        Kind = rule.Kind,
        ErrorCode = rule.ErrorCode,
        FiredAt = firedAt,
        Fired = new AlertMeasurement(14, rule.Threshold, 40, firedAt.AddMinutes(-15), firedAt),
    };

    [Fact]
    public async Task ARuleIsKeptWithEveryFieldAndReplacedBySavingItAgain()
    {
        var store = await OpenAsync();
        var rule = Rule();

        await store.SaveRuleAsync(rule, Ct);
        var found = await (await OpenAsync()).FindRuleAsync(rule.Id, Ct);
        Assert.NotNull(found);
        Assert.Equivalent(rule, found, strict: true);

        await store.SaveRuleAsync(rule with { Name = "Renamed", Enabled = false, Recipients = [] }, Ct);
        var rules = await store.ListRulesAsync(Ct);
        var only = Assert.Single(rules);
        Assert.Equal(("Renamed", false, 0), (only.Name, only.Enabled, only.Recipients.Count));
    }

    [Fact]
    public async Task DeletingARuleRemovesItAndSaysWhetherItWasThere()
    {
        var store = await OpenAsync();
        var rule = Rule();
        await store.SaveRuleAsync(rule, Ct);

        Assert.True(await store.DeleteRuleAsync(rule.Id, Ct));
        Assert.False(await store.DeleteRuleAsync(rule.Id, Ct));
        Assert.Null(await store.FindRuleAsync(rule.Id, Ct));
    }

    [Fact]
    public async Task ARuleHasAtMostOneOpenOccurrenceEvenWhenTwoReplicasFireAtOnce()
    {
        var rule = Rule();
        var (first, second) = (await OpenAsync(), await OpenAsync());

        var opened = await Task.WhenAll(first.TryOpenAsync(Occurrence(rule, T0), Ct), second.TryOpenAsync(Occurrence(rule, T0), Ct));

        Assert.Equal(1, opened.Count(o => o));
        var open = Assert.Single(await first.ListOpenAsync(Ct));
        Assert.Equal(new AlertMeasurement(14, 12.5, 40, T0.AddMinutes(-15), T0), open.Fired);
        Assert.True(open.IsOpen);
    }

    [Fact]
    public async Task ResolvingClosesTheOpenOccurrenceOnceWithItsNumbersAndLetsTheRuleFireAgain()
    {
        var store = await OpenAsync();
        var rule = Rule();
        Assert.True(await store.TryOpenAsync(Occurrence(rule, T0), Ct));
        var measurement = new AlertMeasurement(3, 12.5, 40, T0, T0.AddMinutes(15));

        var resolved = await store.ResolveAsync(rule.Id, T0.AddMinutes(15), measurement, Ct);
        var again = await store.ResolveAsync(rule.Id, T0.AddMinutes(16), measurement, Ct);

        Assert.NotNull(resolved);
        Assert.Equal((T0.AddMinutes(15), measurement), (resolved.ResolvedAt!.Value, resolved.Resolved));
        Assert.Null(again);
        Assert.Empty(await store.ListOpenAsync(Ct));
        Assert.True(await store.TryOpenAsync(Occurrence(rule, T0.AddMinutes(20)), Ct));
        var recent = await store.ListRecentAsync(10, Ct);
        Assert.Equal([T0.AddMinutes(20), T0], recent.Select(o => o.FiredAt));
        Assert.Equal([true, false], recent.Select(o => o.IsOpen));
    }

    [Fact]
    public async Task AnOccurrenceResolvedWithoutNumbersSaysSo()
    {
        var store = await OpenAsync();
        var rule = Rule();
        await store.TryOpenAsync(Occurrence(rule, T0), Ct);

        var resolved = await store.ResolveAsync(rule.Id, T0.AddMinutes(1), null, Ct);

        Assert.NotNull(resolved);
        Assert.Null(resolved.Resolved);
        Assert.Null((await store.ListRecentAsync(1, Ct))[0].Resolved);
    }
}
