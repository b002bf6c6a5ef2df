using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>The app as deployed: a message sent through the API is in the rollups the insights page reads.</summary>
public sealed class InsightsEndToEndTests : IDisposable
{
    private readonly TrackerApp tracker = new();

    [Fact]
    public async Task AMessageSentThroughTheAppIsCountedOnTheInsightsPage()
    {
        var ct = TestContext.Current.CancellationToken;
        await tracker.SendAsync("+15005550006", "counted");
        await tracker.SendAsync("+15005550006", "counted too");
        var cookies = await tracker.SignInAsync("viewer@insights.example.com", AppRoles.Viewer);
        using var client = tracker.CreateBrowserClient(cookies);

        var html = await client.GetStringAsync("/insights?window=1h", ct);

        Assert.Matches("data-testid=\"insights-total\"[^>]*>\\s*2\\s*<", html);
    }

    public void Dispose() => tracker.Dispose();
}
