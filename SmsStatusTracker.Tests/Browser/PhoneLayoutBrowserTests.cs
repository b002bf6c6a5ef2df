using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>The dashboard on a 390-pixel phone: the list first, compose folded behind one button, the SID whole.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class PhoneLayoutBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task OnAPhoneTheListComesFirstComposeUnfoldsAboveItAndTheSidIsNotClipped()
    {
        var sent = await app.SendAsync("+15005550006", "Read on a phone");
        await app.WaitForFinalAsync(sent.Id);
        var page = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("operator@example.com", AppRoles.Operator), width: 390, height: 844);
        var row = page.Locator("tr", new() { HasText = "Read on a phone" });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await Assertions.Expect(page.Locator("#compose-to")).ToBeHiddenAsync();
        var toggle = page.Locator("#compose-toggle");
        await Assertions.Expect(toggle).ToBeVisibleAsync();
        Assert.True((await toggle.BoundingBoxAsync())!.Y < (await row.BoundingBoxAsync())!.Y, "the compose button sits above the list");

        await toggle.ClickAsync();
        await Assertions.Expect(page.Locator("#compose-to")).ToBeVisibleAsync();
        Assert.True((await page.Locator("#compose-to").BoundingBoxAsync())!.Y < (await row.BoundingBoxAsync())!.Y, "open, compose comes before the list");

        await row.ClickAsync();
        var sid = page.Locator(".message-sid").First;
        await Assertions.Expect(sid).ToHaveTextAsync(sent.Sid ?? (await app.WaitForFinalAsync(sent.Id)).Sid!);
        var box = (await sid.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the SID fits the screen (x {box.X}, width {box.Width})");
        await HeadlessChromium.ScreenshotAsync(page, "phone-dashboard");
    }
}
