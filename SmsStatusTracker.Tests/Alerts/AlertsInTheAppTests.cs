using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Alerts;
using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>
/// A failure-rate rule in the running app: the simulator's chaos fails every message with a chosen code, an evaluation
/// pass fires the rule (email to its recipient in the dev outbox, the alert on the Admin API with its log link), and
/// healthy traffic afterwards resolves it.
/// </summary>
public sealed class AlertsInTheAppTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFailureSurgeFromTheSimulatorFiresOnceEmailsTheRecipientAndResolvesOnHealthyTraffic()
    {
        using var app = new TrackerApp(new() { ["RateLimits:SendsPerUser"] = "1000", ["Alerts:EvaluationInterval"] = "01:00:00" });
        var admin = await app.ActorAsync("admin@alerts.example.com", AppRoles.Admin);
        var rule = await app.Services.GetRequiredService<AlertRuleAdministration>().SaveAsync(new AlertRule
        {
            Id = Guid.Empty,
            Name = "Carrier failures",
            Kind = AlertRuleKind.FailureRate,
            Window = TimeSpan.FromMinutes(15),
            Threshold = 50,
            MinimumSample = 5,
            Recipients = ["ops@alerts.example.com"],
        }, admin, Ct);
        var evaluation = app.Services.GetRequiredService<AlertEvaluation>();

        app.Simulator.FailureRate = 1;
        app.Simulator.FailureErrorCode = 30007;
        foreach (var _ in Enumerable.Range(0, 5))
        {
            var failed = await app.WaitForFinalAsync((await app.SendAsync("+15005550006", "surge")).Id);
            Assert.Equal((MessageStatus.Undelivered, (int?)30007), (failed.Status, failed.ErrorCode));
        }

        var fired = Assert.Single(await evaluation.RunPassAsync(Ct));
        Assert.Empty(await evaluation.RunPassAsync(Ct));

        Assert.Equal((AlertChange.Fired, 100.0, 5L), (fired.Change, fired.Occurrence.Fired.Value, fired.Occurrence.Fired.Sample));
        var mail = Assert.Single(app.Services.GetRequiredService<DevOutbox>().Mails, m => m.Mail.To == "ops@alerts.example.com").Mail;
        Assert.Contains("Alert fired: Carrier failures", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(app.BaseAddress + "messages?status=failed,undelivered&since=", mail.Text, StringComparison.Ordinal);
        using var browser = app.CreateBrowserClient(await app.SignInAsync("admin@alerts.example.com", AppRoles.Admin));
        var listed = await browser.GetFromJsonAsync<JsonElement>(AlertEndpoints.Path, Ct);
        var alert = Assert.Single(listed.EnumerateArray());
        Assert.Equal((rule.Id.ToString(), JsonValueKind.Null), (alert.GetProperty("ruleId").GetString(), alert.GetProperty("resolvedAt").ValueKind));
        Assert.StartsWith("/messages?status=failed,undelivered&since=", alert.GetProperty("logLink").GetString(), StringComparison.Ordinal);

        app.Simulator.FailureRate = 0;
        foreach (var _ in Enumerable.Range(0, 25))
        {
            await app.WaitForFinalAsync((await app.SendAsync("+15005550006", "healthy")).Id);
        }

        var resolved = Assert.Single(await evaluation.RunPassAsync(Ct));
        Assert.Equal(AlertChange.Resolved, resolved.Change);
        Assert.Equal(2, app.Services.GetRequiredService<DevOutbox>().Mails.Count(m => m.Mail.To == "ops@alerts.example.com"));
    }
}
