using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>
/// The whole app sending through the simulator, delivering to a real receiver on loopback Kestrel that verifies
/// every signature: order per message, a receiver that is down for a while, permanent failures and automatic
/// disabling, and addresses refused after DNS.
/// </summary>
public sealed class OutboundWebhookDeliveryTests
{
    private const string Recipient = "+15005550006";
    private const string AdminEmail = "webhooks-admin@example.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrackerApp App(Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OutboundWebhooks:PollInterval"] = "00:00:00.050",
            ["OutboundWebhooks:FirstRetryDelay"] = "00:00:00.200",
            ["OutboundWebhooks:MaxRetryDelay"] = "00:00:00.500",
            ["OutboundWebhooks:Timeout"] = "00:00:02",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return new TrackerApp(settings, services);
    }

    private static async Task<(WebhookEndpoint Endpoint, string Secret)> RegisterAsync(TrackerApp app, string url, WebhookSubscription subscription = WebhookSubscription.StatusChanges)
    {
        var admin = await app.ActorAsync(AdminEmail, AppRoles.Admin);
        return await app.Services.GetRequiredService<OutboundWebhookAdministration>().RegisterAsync(admin, url, subscription, Ct);
    }

    /// <summary>Each message's distinct events in the order they arrived (a redelivery of an id already seen is dropped).</summary>
    private static Dictionary<Guid, List<WebhookReceiver.Received>> PerMessage(IEnumerable<WebhookReceiver.Received> deliveries) =>
        deliveries.Where(d => d.MessageId is not null)
            .DistinctBy(d => d.Id)
            .GroupBy(d => d.MessageId!.Value)
            .ToDictionary(g => g.Key, g => g.ToList());

    private static void AssertInOrderAndDelivered(Dictionary<Guid, List<WebhookReceiver.Received>> perMessage, IEnumerable<Guid> messageIds)
    {
        foreach (var id in messageIds)
        {
            var events = perMessage[id];
            Assert.Equal(events.Select(e => e.Version).Order(), events.Select(e => e.Version));
            Assert.Equal("delivered", events[^1].Status);
            Assert.Contains(events, e => e.Status == "sent");
        }
    }

    [Fact]
    public async Task ALoopbackReceiverGetsEveryStatusChangeSignedAndInOrderPerMessage()
    {
        using var app = App();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var (endpoint, secret) = await RegisterAsync(app, receiver.Url);
        receiver.Secret = secret;

        var sent = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await app.SendAsync(Recipient, $"outbound {i}")).Id);
        }

        await receiver.WaitUntilAsync(
            d => sent.All(id => PerMessage(d).TryGetValue(id, out var events) && events[^1].Status == "delivered"),
            "every message's delivered event");
        AssertInOrderAndDelivered(PerMessage(receiver.Deliveries), sent);
        Assert.Equal(0, receiver.BadSignatures);

        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await outbox.PendingCountAsync(endpoint.Id, Ct) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        var log = await outbox.AttemptsAsync(endpoint.Id, 1000, Ct);
        Assert.All(log, a => Assert.Equal(OutboxEventState.Delivered, a.Outcome));
        Assert.Equal(log.Select(a => a.EventId).ToHashSet(), receiver.Deliveries.Select(d => d.Id).ToHashSet());
    }

    [Fact]
    public async Task AReceiverThatIsDownForAWhileGetsEverythingInOrderOnceItIsBack()
    {
        using var app = App();
        var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var (endpoint, secret) = await RegisterAsync(app, receiver.Url);
        await receiver.StopAsync();

        var sent = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add((await app.SendAsync(Recipient, $"while down {i}")).Id);
        }

        foreach (var id in sent)
        {
            await app.WaitForFinalAsync(id);
        }

        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await outbox.AttemptsAsync(endpoint.Id, 100, Ct)).Count(a => a.Outcome == OutboxEventState.Pending) < 6)
        {
            Assert.True(DateTime.UtcNow < deadline, "The dispatcher did not retry while the receiver was down.");
            await Task.Delay(50, Ct);
        }

        Assert.All(await outbox.AttemptsAsync(endpoint.Id, 100, Ct), a => Assert.StartsWith("Connection failed", a.Error));

        await using var back = new WebhookReceiver(receiver.Port) { Secret = secret };
        await back.StartAsync();
        await back.WaitUntilAsync(
            d => sent.All(id => PerMessage(d).TryGetValue(id, out var events) && events[^1].Status == "delivered"),
            "every message's delivered event after the receiver came back");
        AssertInOrderAndDelivered(PerMessage(back.Deliveries), sent);
        Assert.Equal(0, back.BadSignatures);
    }

    [Fact]
    public async Task A4xxFailsTheEventForGoodAndPersistentFailureDisablesTheEndpointAndEmailsTheAdmins()
    {
        using var app = App(new() { ["OutboundWebhooks:DisableAfterFailedEvents"] = "2" });
        await using var receiver = new WebhookReceiver { Answer = _ => 400 };
        await receiver.StartAsync();
        var (endpoint, secret) = await RegisterAsync(app, receiver.Url);
        receiver.Secret = secret;

        var message = await app.SendAsync(Recipient, "refused by the receiver");
        await app.WaitForFinalAsync(message.Id);
        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await outbox.FindEndpointAsync(endpoint.Id, Ct))!.Enabled)
        {
            Assert.True(DateTime.UtcNow < deadline, "The endpoint was not disabled.");
            await Task.Delay(50, Ct);
        }

        var disabled = (await outbox.FindEndpointAsync(endpoint.Id, Ct))!;
        Assert.Contains("in a row", disabled.DisabledReason);
        var log = await outbox.AttemptsAsync(endpoint.Id, 100, Ct);
        Assert.Equal(2, log.Count);
        Assert.All(log, a => Assert.Equal((OutboxEventState.Failed, 400), (a.Outcome, a.StatusCode)));
        var outboxMail = app.Services.GetRequiredService<DevOutbox>();
        while (!outboxMail.Mails.Any(m => m.Mail.To == AdminEmail))
        {
            // The email follows the disabling.
            Assert.True(DateTime.UtcNow < deadline, "No email reached the Admin.");
            await Task.Delay(50, Ct);
        }

        var mail = Assert.Single(outboxMail.Mails, m => m.Mail.To == AdminEmail);
        Assert.Contains(receiver.Url, mail.Mail.Text);
        Assert.DoesNotContain(secret, mail.Mail.Text);
    }

    [Fact]
    public async Task AHostThatResolvesToAPrivateAddressAtDeliveryIsRefusedEvenThoughItWasPublicAtRegistration()
    {
        var resolver = new RebindingResolver();
        using var app = App(services: s => s.AddSingleton<IWebhookHostResolver>(resolver));
        var (endpoint, _) = await RegisterAsync(app, "https://hooks.rebind.test/sms");
        resolver.Answer = IPAddress.Parse("10.0.0.7");

        await app.SendAsync(Recipient, "rebinding");
        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<DeliveryAttempt> log;
        while ((log = await outbox.AttemptsAsync(endpoint.Id, 10, Ct)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No delivery was attempted.");
            await Task.Delay(50, Ct);
        }

        Assert.Null(log[0].StatusCode);
        Assert.Contains("10.0.0.7 is a private", log[0].Error);
        Assert.True(resolver.Lookups >= 2);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.7")]
    [InlineData("fd00::5")]
    public async Task RegistrationRefusesAHostThatResolvesToAnInternalAddress(string address)
    {
        var resolver = new RebindingResolver { Answer = IPAddress.Parse(address) };
        using var app = App(services: s => s.AddSingleton<IWebhookHostResolver>(resolver));

        var refused = await Assert.ThrowsAsync<WebhookUrlRejectedException>(() => RegisterAsync(app, "https://hooks.internal.test/sms"));
        Assert.Contains(address, refused.Message);
        Assert.Empty(await app.Services.GetRequiredService<IOutboxStore>().ListEndpointsAsync(Ct));
    }

    [Fact]
    public async Task OnlyAdminsMayRegisterOrListEndpoints()
    {
        using var app = App();
        var administration = app.Services.GetRequiredService<OutboundWebhookAdministration>();
        var operatorActor = await app.ActorAsync("webhooks-operator@example.com", AppRoles.Operator);

        await Assert.ThrowsAsync<ActionNotAllowedException>(() => administration.RegisterAsync(operatorActor, "https://hooks.example.com/x", WebhookSubscription.Alerts, Ct));
        await Assert.ThrowsAsync<ActionNotAllowedException>(() => administration.ListAsync(operatorActor, Ct));
    }

    /// <summary>Public at first (registration), then whatever <see cref="Answer"/> says: a DNS rebinding attacker.</summary>
    private sealed class RebindingResolver : IWebhookHostResolver
    {
        private int lookups;

        public IPAddress Answer { get; set; } = IPAddress.Parse("93.184.216.34");

        public int Lookups => lookups;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult(new[] { Answer });
        }
    }
}
