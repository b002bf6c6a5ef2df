using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>Who is online, in real browsers: fed by the circuits of the pages people have open.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class PresenceBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();

    public void Dispose() => app.Dispose();

    private static ILocator Avatar(IPage page, string email) => page.Locator($"[data-testid=online-users] [data-online-user='{email}']");

    [Fact]
    public async Task EachOperatorSeesTheOtherOnlineUntilTheirPageCloses()
    {
        var ada = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("ada@example.com", AppRoles.Operator));
        var bob = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("bob@example.com", AppRoles.Viewer));

        await Assertions.Expect(Avatar(ada, "bob@example.com")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(Avatar(ada, "ada@example.com")).ToBeVisibleAsync();
        await Assertions.Expect(Avatar(bob, "ada@example.com")).ToBeVisibleAsync();
        await HeadlessChromium.ScreenshotAsync(ada, "presence-two-online");

        await bob.Context.CloseAsync();

        await Assertions.Expect(Avatar(ada, "bob@example.com")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(Avatar(ada, "ada@example.com")).ToBeVisibleAsync();
    }
}
