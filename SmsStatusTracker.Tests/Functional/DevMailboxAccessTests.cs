using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>/dev/mailbox holds sign-in links: even in Development only a browser on this machine may read it.</summary>
public sealed class DevMailboxAccessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDevMailboxAnswersALoopbackClient()
    {
        using var app = new TrackerApp();
        using var client = app.CreateBrowserClient();

        using var mailbox = await client.GetAsync("/dev/mailbox", Ct);

        Assert.Equal(HttpStatusCode.OK, mailbox.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("192.168.1.20")]
    [InlineData("2001:db8::7")]
    [InlineData("::ffff:10.0.0.5")]
    public async Task TheDevMailboxIsNotFoundForAClientElsewhere(string remote)
    {
        using var app = new TrackerApp(configureServices: services => services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(remote))));
        using var client = app.CreateBrowserClient();

        using var mailbox = await client.GetAsync("/dev/mailbox", Ct);

        Assert.Equal(HttpStatusCode.NotFound, mailbox.StatusCode);
        Assert.DoesNotContain("Dev mailbox", await mailbox.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>Makes every request come from <paramref name="address"/>, as if over the network.</summary>
    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
