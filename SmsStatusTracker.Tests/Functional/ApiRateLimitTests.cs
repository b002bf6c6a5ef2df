using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>The per-user send limit as a REST caller meets it: whatever the path's spelling, with Retry-After.</summary>
public sealed class ApiRateLimitTests : IDisposable
{
    private readonly TrackerApp app = new(new() { ["RateLimits:SendsPerUser"] = "2" });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendsBeyondTheLimitGet429WithRetryAfterWhateverThePathSpelling()
    {
        var email = $"limited-{Guid.NewGuid():N}@example.com";
        Assert.True((await app.Accounts.InviteAsync(email, AppRoles.Operator, Ct)).Succeeded);
        var owner = await app.Accounts.FindByEmailAsync(email, Ct);
        var (_, token) = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(owner!.Id, "tests", Ct);
        using var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var message = new { to = "+14155552671", body = "limited" };

        using var first = await client.PostAsJsonAsync("/api/messages", message, Ct);
        using var second = await client.PostAsJsonAsync("/API/Messages/", message, Ct);
        using var third = await client.PostAsJsonAsync("/api/messages/", message, Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    public void Dispose() => app.Dispose();
}
