using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Endpoints.Messages;

namespace SmsStatusTracker.Tests.Scheduling;

/// <summary><c>POST /api/messages</c> with <c>sendAt</c>, and <c>POST /api/messages/{id}/cancel</c>, over real HTTP.</summary>
public sealed class ScheduleApiTests(ScheduleApiTests.App app) : IClassFixture<ScheduleApiTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public TrackerApp Tracker { get; } = new(new() { ["RateLimits:SendsPerUser"] = "1000" });

        public System.Net.CookieContainer Cookies { get; private set; } = default!;

        public async ValueTask InitializeAsync() => Cookies = await Tracker.SignInAsync("scheduler@schedule-api.example.com", AppRoles.Operator);

        public ValueTask DisposeAsync()
        {
            Tracker.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client() => app.Tracker.CreateBrowserClient(app.Cookies);

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(object request)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync(MessageEndpoints.Path, request, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    [Theory]
    [InlineData("2030-01-01T09:00:00", "ISO 8601 with an offset")]
    [InlineData("next tuesday", "ISO 8601 with an offset")]
    [InlineData("2020-01-01T09:00:00Z", "must be in the future")]
    public async Task ABadSendTimeIsA400NamingSendAt(string sendAt, string expected)
    {
        var (status, body) = await SendAsync(new { to = "+15005550006", body = "bad time", sendAt });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body.GetProperty("errors").GetProperty("sendAt")[0].GetString());
    }

    [Fact]
    public async Task ASendTimeMoreThanThirtyFiveDaysAheadIsA400()
    {
        var (status, body) = await SendAsync(new { to = "+15005550006", body = "too far", sendAt = DateTimeOffset.UtcNow.AddDays(36).ToString("O") });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The send time may be at most 35 days ahead.", body.GetProperty("errors").GetProperty("sendAt")[0].GetString());
    }

    [Fact]
    public async Task AScheduledSendAnswers201ScheduledAndCanBeCanceledOnce()
    {
        var sendAt = DateTimeOffset.UtcNow.AddHours(2);
        var (status, body) = await SendAsync(new { to = "+15005550006", body = "later", sendAt = sendAt.ToOffset(TimeSpan.FromHours(2)).ToString("O") });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("scheduled", body.GetProperty("status").GetString());
        Assert.Equal(sendAt.UtcDateTime, body.GetProperty("schedule").GetProperty("sendAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        Assert.False(body.GetProperty("schedule").GetProperty("viaTwilio").GetBoolean());
        var id = body.GetProperty("id").GetGuid();

        using var client = Client();
        using var canceled = await client.PostAsync(ScheduledMessageEndpoints.CancelPath(id), null, Ct);
        Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        Assert.Equal("canceled", JsonDocument.Parse(await canceled.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());

        using var again = await client.PostAsync(ScheduledMessageEndpoints.CancelPath(id), null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CancelingAMessageAlreadySentIsAConflictAndAnUnknownIdIsNotFound()
    {
        var sent = await app.Tracker.SendAsync("+15005550006", "sent at once");
        using var client = Client();

        using var conflict = await client.PostAsync(ScheduledMessageEndpoints.CancelPath(sent.Id), null, Ct);
        using var missing = await client.PostAsync(ScheduledMessageEndpoints.CancelPath(Guid.NewGuid()), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Only a scheduled message can be canceled", await conflict.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
