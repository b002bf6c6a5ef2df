using MudBlazor;

namespace SmsStatusTracker.Web.Components.Layout;

/// <summary>
/// How pop-up notifications behave everywhere: bottom left, away from the newest rows (top of the lists) and the
/// compose form's Send button; at most two at a time, short, no repeats. Success is mostly shown where it happened
/// (the row appears, the form says "Sent"), so what pops up is mainly what went wrong.
/// </summary>
public static class NotificationSettings
{
    public const int MaxShown = 2;

    /// <summary>Milliseconds a notification stays; errors stay longer (<see cref="ErrorDuration"/>).</summary>
    public const int Duration = 3500;

    public const int ErrorDuration = 7000;

    public static void Configure(SnackbarConfiguration snackbars)
    {
        snackbars.PositionClass = Defaults.Classes.Position.BottomLeft;
        snackbars.MaxDisplayedSnackbars = MaxShown;
        snackbars.NewestOnTop = false;
        snackbars.PreventDuplicates = true;
        snackbars.ShowCloseIcon = true;
        snackbars.VisibleStateDuration = Duration;
        snackbars.ShowTransitionDuration = 150;
        snackbars.HideTransitionDuration = 150;
        snackbars.SnackbarVariant = Variant.Filled;
    }

    /// <summary>An error stays long enough to be read in full.</summary>
    public static void LongerForErrors(SnackbarOptions options) => options.VisibleStateDuration = ErrorDuration;
}
