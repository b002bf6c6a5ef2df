using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.OutboundWebhooks;
using WebhooksPage = SmsStatusTracker.Web.Components.Pages.Admin.Webhooks;

namespace SmsStatusTracker.Tests.Components;

public sealed class WebhooksPageTests : MessagePagesContext
{
    public WebhooksPageTests()
    {
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddOutboundWebhooks();
        Services.AddSingleton<IWebhookHostResolver>(new PublicResolver());
    }

    [Fact]
    public async Task AnAdminRegistersAnEndpointAndSeesItsSecretOnceOnly()
    {
        await SignInAsync("admin@example.com", AppRoles.Admin);
        var page = RenderPage<WebhooksPage>();

        await page.Find("#webhook-url").InputAsync(new() { Value = "https://hooks.example.com/sms" });
        await page.Find("#webhook-register").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("whsec_", page.Find("[data-testid=webhook-secret]").TextContent, StringComparison.Ordinal));
        var secret = page.Find("[data-testid=webhook-secret] code").TextContent;
        Assert.Contains("https://hooks.example.com/sms", page.Find("[data-testid=webhooks-table]").TextContent, StringComparison.Ordinal);
        var stored = Assert.Single(await Services.GetRequiredService<IOutboxStore>().ListEndpointsAsync(Ct));
        Assert.DoesNotContain(secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.Equal(secret, Services.GetRequiredService<WebhookSecrets>().Unprotect(stored.ProtectedSecret));

        await DisposeComponentsAsync();
        var reopened = RenderPage<WebhooksPage>();
        Assert.Empty(reopened.FindAll("[data-testid=webhook-secret]"));
        Assert.DoesNotContain(secret, reopened.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainHttpUrlIsRefusedWithTheReasonAndNothingIsRegistered()
    {
        await SignInAsync("admin@example.com", AppRoles.Admin);
        var page = RenderPage<WebhooksPage>();

        await page.Find("#webhook-url").InputAsync(new() { Value = "http://hooks.example.com/sms" });
        await page.Find("#webhook-register").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Only https", page.Find("[data-testid=webhook-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await Services.GetRequiredService<IOutboxStore>().ListEndpointsAsync(Ct));
    }

    private sealed class PublicResolver : IWebhookHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") });
    }
}
