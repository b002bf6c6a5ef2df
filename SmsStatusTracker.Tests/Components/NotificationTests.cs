using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Components.Layout;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>Pop-ups stay out of the way of the list: few, short, bottom left, never more than two at once.</summary>
public sealed class NotificationTests : MessagePagesContext
{
    [Fact]
    public void TheAppPlacesNotificationsBottomLeftAndStacksAtMostTwo()
    {
        using var app = new TrackerApp();

        var configuration = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SnackbarConfiguration>>().Value;

        Assert.Equal(Defaults.Classes.Position.BottomLeft, configuration.PositionClass);
        Assert.Equal(2, configuration.MaxDisplayedSnackbars);
        Assert.True(configuration.PreventDuplicates);
        Assert.True(configuration.VisibleStateDuration <= 4000);
    }

    [Fact]
    public void AFlurryOfNotificationsShowsOnlyTwoBottomLeft()
    {
        var snackbars = Services.GetRequiredService<ISnackbar>();
        NotificationSettings.Configure(snackbars.Configuration);
        var provider = Render<MudSnackbarProvider>();

        foreach (var n in Enumerable.Range(1, 5))
        {
            snackbars.Add($"Notice {n}", Severity.Error);
        }

        provider.WaitForAssertion(() => Assert.Equal(2, provider.FindAll(".mud-snackbar").Count));
        Assert.Contains("mud-snackbar-location-bottom-left", provider.Find("#mud-snackbar-container").ClassList);
    }

    [Fact]
    public async Task ASuccessfulSendIsConfirmedBesideTheFormNotInAPopUp()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();

        await form.Find("#compose-to").InputAsync(new() { Value = "+14155550123" });
        await form.Find("#compose-body").InputAsync(new() { Value = "Hello" });
        await form.Find("#compose-send").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Contains("Sent to +14155550123", form.Find("[data-testid=last-send]").TextContent, StringComparison.Ordinal));
        Assert.Empty(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
    }
}
