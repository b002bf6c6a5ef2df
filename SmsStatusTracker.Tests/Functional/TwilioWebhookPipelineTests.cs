using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Web.Endpoints.Health;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Twilio's webhooks run before the sign-in middleware (their signature is their authentication); every other request
/// still goes through authentication, exactly once.
/// </summary>
public sealed class TwilioWebhookPipelineTests : IDisposable
{
    private readonly TrackerApp tracker = new(configureServices: services =>
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, CountingSchemeProvider>()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CountingSchemeProvider Schemes => (CountingSchemeProvider)tracker.Services.GetRequiredService<IAuthenticationSchemeProvider>();

    [Fact]
    public async Task AStatusCallbackIsStoredWithoutPassingThroughAuthentication()
    {
        var message = await tracker.AddQueuedMessageAsync();
        using var http = tracker.CreateHttpClient();
        var before = Schemes.RequestsAuthenticated;

        using var response = await http.SendAsync(SignedCallback.Request(new Uri(tracker.BaseAddress, StatusCallbackRoute.PathFor(message.Id)), SignedCallback.Form(message.Sid!, "delivered")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, Schemes.RequestsAuthenticated);
    }

    [Fact]
    public async Task AForgedStatusCallbackIsStillRefusedBeforeTheSignInMiddleware()
    {
        var message = await tracker.AddQueuedMessageAsync();
        using var http = tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedCallback.Request(new Uri(tracker.BaseAddress, StatusCallbackRoute.PathFor(message.Id)), SignedCallback.Form(message.Sid!, "delivered"), authToken: "not-the-auth-token"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(message.Status, (await tracker.Store.FindAsync(message.Id, Ct))!.Status);
    }

    [Fact]
    public async Task AnyOtherRequestIsAuthenticatedExactlyOnce()
    {
        using var http = tracker.CreateHttpClient();
        var before = Schemes.RequestsAuthenticated;

        using var response = await http.GetAsync(HealthEndpoints.LivePath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, Schemes.RequestsAuthenticated);
    }

    [Fact]
    public void OnlyTheTwoTwilioWebhooksSkipTheSignInMiddleware()
    {
        var skipping = tracker.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<TwilioWebhookMarker>() is not null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .Order()
            .ToList();

        Assert.Equal([InboundSmsEndpoints.EndpointName, StatusCallbackEndpoints.EndpointName], skipping);
    }

    public void Dispose() => tracker.Dispose();

    /// <summary>The authentication middleware asks for the request handler schemes once per request it runs for.</summary>
    private sealed class CountingSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
    {
        private int requestsAuthenticated;

        public int RequestsAuthenticated => Volatile.Read(ref requestsAuthenticated);

        public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
        {
            Interlocked.Increment(ref requestsAuthenticated);
            return base.GetRequestHandlerSchemesAsync();
        }
    }
}
