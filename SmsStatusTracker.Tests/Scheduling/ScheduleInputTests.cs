using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Scheduling;

public sealed class ScheduleInputTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void TheTypedTimeIsReadInTheReadersZone()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero), ScheduleInput.FromLocal("2026-12-01T09:30", Berlin, out var error));
        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 7, 30, 0, TimeSpan.Zero), ScheduleInput.FromLocal("2026-07-01T09:30", Berlin, out _));
    }

    [Fact]
    public void AnEmptyOrGarbledBoxAsksForATime()
    {
        Assert.Null(ScheduleInput.FromLocal("", Berlin, out var error));
        Assert.Equal("Choose the date and time to send it.", error);
        Assert.Null(ScheduleInput.FromLocal("soon", Berlin, out _));
    }

    [Fact]
    public void TheBoxShowsAnInstantAsTheReadersWallClock() =>
        Assert.Equal("2026-12-01T09:30", ScheduleInput.ToLocal(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero), Berlin));
}
