using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Scheduling;

namespace SmsStatusTracker.Tests.Scheduling;

public sealed class QuietHoursTests
{
    // A UK mobile: Europe/London, UTC+0 in winter, UTC+1 in summer.
    private const string London = "+447400123456";

    private static QuietHours Quiet(bool enabled = true, string start = "21:00", string end = "08:00") =>
        new(Options.Create(new QuietHoursOptions { Enabled = enabled, Start = TimeOnly.Parse(start), End = TimeOnly.Parse(end) }));

    [Fact]
    public void ASendAtHalfPastTenInTheEveningInLondonIsHeldUntilEightNextMorning()
    {
        var at = new DateTimeOffset(2026, 12, 1, 22, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), Quiet().HoldUntil(London, at));
    }

    [Fact]
    public void ASendInTheSmallHoursIsHeldUntilEightTheSameMorningInSummerTime()
    {
        // 02:00 UTC in July is 03:00 in London (BST); quiet hours end at 08:00 BST = 07:00 UTC.
        var at = new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 7, 0, 0, TimeSpan.Zero), Quiet().HoldUntil(London, at));
    }

    [Fact]
    public void ASendInTheAfternoonIsNotHeld() =>
        Assert.Null(Quiet().HoldUntil(London, new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void NothingIsHeldWhenQuietHoursAreOff() =>
        Assert.Null(Quiet(enabled: false).HoldUntil(London, new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void AWindowWithinOneDayHoldsUntilItsEnd() =>
        Assert.Equal(
            new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero),
            Quiet(start: "12:00", end: "14:00").HoldUntil(London, new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void ANumberInSeveralZonesIsHeldUntilItIsOutsideQuietHoursInAllOfThem()
    {
        // +61 4 (Australian mobiles) spans zones from the Cocos Islands (UTC+6:30) and Perth (UTC+8) to Sydney (UTC+11 in summer).
        const string australia = "+61412345678";
        var zones = QuietHours.ZonesOf(australia);
        Assert.True(zones.Count > 1, $"expected several zones, got {string.Join(", ", zones.Select(z => z.Id))}");

        // 11:30 UTC on 1 Dec: 22:30 in Sydney (quiet), 19:30 in Perth (not yet quiet, but it will be when Sydney wakes).
        var at = new DateTimeOffset(2026, 12, 1, 11, 30, 0, TimeSpan.Zero);
        var until = Quiet().HoldUntil(australia, at);

        Assert.NotNull(until);
        foreach (var zone in zones)
        {
            var local = TimeZoneInfo.ConvertTime(until.Value, zone).TimeOfDay;
            Assert.True(local >= TimeSpan.FromHours(8) && local < TimeSpan.FromHours(21), $"{zone.Id}: {local} is inside quiet hours");
        }

        // And no later than needed: it is the end of quiet hours in the zone whose morning comes last (the westernmost).
        Assert.Contains(zones, zone => TimeZoneInfo.ConvertTime(until.Value, zone).TimeOfDay == TimeSpan.FromHours(8));
        Assert.True(until > new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero), "Sydney's 08:00 alone is too early for Perth");
    }
}
