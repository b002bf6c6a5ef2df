using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class CarrierDoneDateTests
{
    [Fact]
    public void ADoneDateIsReadAsYearMonthDayHourMinuteInUtc()
    {
        Assert.True(CarrierDoneDate.TryParse("2611291828", out var doneAt));

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 18, 28, 0, TimeSpan.Zero), doneAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("261129182")]     // nine digits
    [InlineData("26112918280")]   // eleven
    [InlineData("2613011200")]    // month 13
    [InlineData("2602301200")]    // 30 February
    [InlineData("2611292400")]    // hour 24
    [InlineData("2611291860")]    // minute 60
    [InlineData(" 261129182")]
    [InlineData("26-1129182")]
    [InlineData("２６１１２９１８２８")] // full-width digits
    public void AnythingElseIsNotADoneDate(string? raw) => Assert.False(CarrierDoneDate.TryParse(raw, out _));

    [Fact]
    public void LatencyRunsFromTheSendToTheDoneDate()
    {
        var sent = new DateTimeOffset(2026, 11, 29, 18, 25, 30, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(150), CarrierDoneDate.Latency(sent, "2611291828"));
    }

    [Fact]
    public void ADoneDateInTheSendsOwnMinuteIsUnderAMinuteNotNegative()
    {
        var sent = new DateTimeOffset(2026, 11, 29, 18, 28, 40, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, CarrierDoneDate.Latency(sent, "2611291828"));
    }

    [Theory]
    [InlineData("2611291700")] // an hour before the send: a carrier clock, not a latency
    [InlineData("not a date")]
    [InlineData(null)]
    public void NoLatencyWithoutAUsableDoneDate(string? raw) =>
        Assert.Null(CarrierDoneDate.Latency(new DateTimeOffset(2026, 11, 29, 18, 28, 40, TimeSpan.Zero), raw));

    [Fact]
    public void NoLatencyWithoutASendTime() => Assert.Null(CarrierDoneDate.Latency(null, "2611291828"));
}
