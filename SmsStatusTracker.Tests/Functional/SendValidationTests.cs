using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Endpoints.Messages;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The sender is the one place a send is validated and the one source of the callback URL: what it stores,
/// what it refuses and what it hands Twilio, seen directly and through REST.
/// </summary>
public sealed class SendValidationTests(SendValidationTests.App app) : IClassFixture<SendValidationTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new() { ["RateLimits:SendsPerUser"] = "1000" });

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANationalNumberSentThroughTheSenderIsStoredAndSentInE164()
    {
        var sent = await Tracker.SendAsync("(500) 555-0006", "National format");

        Assert.Equal("+15005550006", sent.To);
        Assert.Equal("+15005550006", (await Tracker.Store.FindAsync(sent.Id, Ct))!.To);
        Assert.Equal("+15005550006", Tracker.Ledger.Find(sent.Sid!)!.To);
    }

    [Fact]
    public async Task InvalidInputThroughTheSenderStoresNothingAndNamesEachField()
    {
        var body = "Bell\u0007 " + Guid.NewGuid().ToString("N");

        var wrongNumber = await Assert.ThrowsAsync<SendSmsValidationException>(() => Tracker.SendAsync("555-0100", body));
        var wrongBodyOnly = await Assert.ThrowsAsync<SendSmsValidationException>(() => Tracker.SendAsync("+15005550006", body));

        Assert.Equal(["body", "to"], wrongNumber.Errors.Keys.Order());
        Assert.Equal(["body"], wrongBodyOnly.Errors.Keys);
        Assert.Contains("control character (U+0007)", wrongBodyOnly.Errors["body"][0], StringComparison.Ordinal);
        Assert.Equal(0, (await Tracker.Store.ListAsync(new() { Search = body[6..] }, Ct)).Total);
    }

    [Theory]
    [InlineData("not a number", "")]
    [InlineData("+44 20 7183 8750", "A landline")]
    [InlineData("", "Tab\tis fine, NUL\0 is not")]
    public async Task RestAnswersWithTheSendersOwnErrorsFieldForField(string to, string body)
    {
        var fromSender = await Assert.ThrowsAsync<SendSmsValidationException>(() => Tracker.SendAsync(to, body));
        var cookies = await Tracker.SignInAsync($"rest-{Guid.NewGuid():N}@example.com", AppRoles.Operator);
        using var client = Tracker.CreateBrowserClient(cookies);

        using var response = await client.PostAsJsonAsync(MessageEndpoints.Path, new { to, body }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        var fromRest = errors.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal(fromSender.Errors.OrderBy(e => e.Key), fromRest.OrderBy(e => e.Key));
    }

    [Fact]
    public async Task TheCallbackUrlTheSenderHandsTwilioIsTheRouteTheAppMaps()
    {
        var sent = await Tracker.SendAsync("+15005550006", "Where do callbacks go?");

        var mapped = Tracker.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == StatusCallbackEndpoints.EndpointName);
        var handedToTwilio = Tracker.Ledger.Find(sent.Sid!)!.StatusCallback!;
        Assert.Equal("/" + mapped.RoutePattern.RawText!.Trim('/'), handedToTwilio.AbsolutePath);
        Assert.Equal(sent.Id, Guid.ParseExact(System.Web.HttpUtility.ParseQueryString(handedToTwilio.Query)[StatusCallbackRoute.MessageIdQuery]!, "N"));
    }
}
