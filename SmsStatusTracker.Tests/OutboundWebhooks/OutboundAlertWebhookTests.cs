using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>An alert that fires and resolves reaches the endpoints subscribed to alerts, signed, and no other endpoint.</summary>
public sealed class OutboundAlertWebhookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFiredAndResolvedAlertArePostedToTheAlertSubscriberWithTheNumbersThatDecidedThem()
    {
        using var app = new TrackerApp(new()
        {
            ["RateLimits:SendsPerUser"] = "1000",
            ["Alerts:EvaluationInterval"] = "01:00:00",
            ["OutboundWebhooks:PollInterval"] = "00:00:00.050",
        });
        var admin = await app.ActorAsync("alerts-hooks@example.com", AppRoles.Admin);
        await using var alerts = new WebhookReceiver();
        await using var statuses = new WebhookReceiver();
        await alerts.StartAsync();
        await statuses.StartAsync();
        var webhooks = app.Services.GetRequiredService<OutboundWebhookAdministration>();
        alerts.Secret = (await webhooks.RegisterAsync(admin, alerts.Url, WebhookSubscription.Alerts, Ct)).Secret;
        statuses.Secret = (await webhooks.RegisterAsync(admin, statuses.Url, WebhookSubscription.FinalStatuses, Ct)).Secret;
        await app.Services.GetRequiredService<AlertRuleAdministration>().SaveAsync(new AlertRule
        {
            Id = Guid.Empty,
            Name = "Carrier failures",
            Kind = AlertRuleKind.FailureRate,
            Window = TimeSpan.FromMinutes(15),
            Threshold = 50,
            MinimumSample = 3,
            Recipients = [],
        }, admin, Ct);
        var evaluation = app.Services.GetRequiredService<AlertEvaluation>();

        app.Simulator.FailureRate = 1;
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await app.WaitForFinalAsync((await app.SendAsync("+15005550006", "surge")).Id);
        }

        Assert.Single(await evaluation.RunPassAsync(Ct));
        app.Simulator.FailureRate = 0;
        foreach (var _ in Enumerable.Range(0, 20))
        {
            await app.WaitForFinalAsync((await app.SendAsync("+15005550006", "healthy")).Id);
        }

        Assert.Single(await evaluation.RunPassAsync(Ct));
        await alerts.WaitUntilAsync(d => d.Any(e => e.Type == "alert.resolved"), "the resolved alert");
        await statuses.WaitUntilAsync(d => d.Count(e => e.MessageId is not null) >= 23, "the final statuses");

        var received = alerts.Deliveries.DistinctBy(d => d.Id).ToList();
        Assert.Equal(["alert.fired", "alert.resolved"], received.Select(d => d.Type));
        Assert.Equal(0, alerts.BadSignatures);
        var fired = JsonDocument.Parse(received[0].Body).RootElement.GetProperty("data");
        Assert.Equal(("Carrier failures", "failureRate", 100.0, 3L), (
            fired.GetProperty("rule").GetString(),
            fired.GetProperty("kind").GetString(),
            fired.GetProperty("value").GetDouble(),
            fired.GetProperty("sample").GetInt64()));
        Assert.Contains("/messages?status=failed,undelivered", fired.GetProperty("log").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(statuses.Deliveries, d => d.Type.StartsWith("alert.", StringComparison.Ordinal));
    }
}
