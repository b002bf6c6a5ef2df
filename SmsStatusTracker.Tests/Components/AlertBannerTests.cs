using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Alerts;
using SmsStatusTracker.Web.Components.Alerts;

namespace SmsStatusTracker.Tests.Components;

/// <summary>The alert banner: what it shows, the log link, live changes from this process and the periodic re-read for other replicas.</summary>
public sealed class AlertBannerTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-banner-{Guid.NewGuid():N}.db");
    private readonly SqliteAlertStore store;
    private readonly AlertFeed feed = new();
    private readonly FakeTimeProvider clock = new(Now);

    public AlertBannerTests()
    {
        store = new SqliteAlertStore(new SqliteStoreOptions($"Data Source={path}"));
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IAlertStore>(store);
        Services.AddSingleton(feed);
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(Options.Create(new AlertOptions { EvaluationInterval = TimeSpan.FromSeconds(30) }));
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;


    private static AlertOccurrence Failing(Guid? ruleId = null) => new()
    {
        Id = Guid.NewGuid(),
        RuleId = ruleId ?? Guid.NewGuid(),
        RuleName = "Failures <b>spike</b>",
        Kind = AlertRuleKind.FailureRate,
        FiredAt = Now,
        Fired = new AlertMeasurement(42.5, 10, 80, Now.AddMinutes(-15), Now),
    };

    private Task NotifyAsync(AlertOccurrence occurrence, AlertChange change)
    {
        var query = AlertLogQuery.For(occurrence);
        return feed.NotifyAsync(new AlertNotification(null, change, occurrence, Now, query, "https://x.example/messages"), Ct);
    }

    [Fact]
    public async Task AnAlertFiredInThisProcessShowsAtOnceWithItsNumbersAndTheMatchingLogLinkAndGoesWhenResolved()
    {
        var banner = Render<AlertBanner>();
        Assert.Empty(banner.FindAll("[data-testid=alert-banner]"));

        var occurrence = Failing();
        Assert.True(await store.TryOpenAsync(occurrence, Ct));
        await NotifyAsync(occurrence, AlertChange.Fired);

        banner.WaitForAssertion(() => Assert.Single(banner.FindAll("[data-testid=alert-banner]")));
        var text = banner.Find("[data-testid=alert-banner]").TextContent;
        Assert.Contains("Failures <b>spike</b>", text, StringComparison.Ordinal);
        Assert.Contains("42.5 % (threshold 10 %, 80 messages", text, StringComparison.Ordinal);
        Assert.Equal("/messages?status=failed,undelivered&since=2026-11-30T08:45:00Z&until=2026-11-30T09:00:00Z",
            banner.Find("[data-testid=alert-log-link]").GetAttribute("href"));

        var resolved = await store.ResolveAsync(occurrence.RuleId, Now.AddMinutes(5), null, Ct);
        await NotifyAsync(resolved!, AlertChange.Resolved);
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid=alert-banner]")));
    }

    [Fact]
    public async Task AnAlertFiredByAnotherReplicaShowsAfterOneEvaluationInterval()
    {
        var banner = Render<AlertBanner>();
        Assert.True(await store.TryOpenAsync(Failing(), Ct));

        Assert.Empty(banner.FindAll("[data-testid=alert-banner]"));
        clock.Advance(TimeSpan.FromSeconds(30));

        banner.WaitForAssertion(() => Assert.Single(banner.FindAll("[data-testid=alert-banner]")));
    }

    [Fact]
    public async Task APageOpenedWhileAnAlertIsFiringShowsIt()
    {
        Assert.True(await store.TryOpenAsync(Failing(), Ct));

        var banner = Render<AlertBanner>();

        Assert.Single(banner.FindAll("[data-testid=alert-banner]"));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
