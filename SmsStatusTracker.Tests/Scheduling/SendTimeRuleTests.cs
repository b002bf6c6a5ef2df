using SmsStatusTracker.Core.Scheduling;

namespace SmsStatusTracker.Tests.Scheduling;

public sealed class SendTimeRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-01T09:00:00+01:00", "2026-12-01T08:00:00Z")]
    [InlineData("2026-12-01T08:00:00Z", "2026-12-01T08:00:00Z")]
    [InlineData("2026-12-01T03:00-05:00", "2026-12-01T08:00:00Z")]
    public void ATimeWithAnOffsetReadsAsThatInstant(string text, string expected)
    {
        Assert.True(SendTimeRule.TryParse(text, out var sendAt, out var error));
        Assert.Null(error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), sendAt);
    }

    [Theory]
    [InlineData("2026-12-01T09:00:00")]
    [InlineData("tomorrow")]
    [InlineData("2026-12-01")]
    public void ATimeWithoutAnOffsetIsRefusedWithAnExample(string text)
    {
        Assert.False(SendTimeRule.TryParse(text, out _, out var error));
        Assert.Contains("ISO 8601 with an offset", error);
    }

    [Fact]
    public void NoTimeMeansNow() => Assert.True(SendTimeRule.TryParse(null, out var sendAt, out _) && sendAt is null);

    [Fact]
    public void ATimeInThePastOrNowIsRefused()
    {
        Assert.Equal("The send time must be in the future.", SendTimeRule.WhyInvalid(Now, Now));
        Assert.NotNull(SendTimeRule.WhyInvalid(Now.AddMinutes(-1), Now));
    }

    [Fact]
    public void ThirtyFiveDaysAheadIsTheLimit()
    {
        Assert.Null(SendTimeRule.WhyInvalid(Now.AddDays(35), Now));
        Assert.Equal("The send time may be at most 35 days ahead.", SendTimeRule.WhyInvalid(Now.AddDays(35).AddSeconds(1), Now));
    }

    [Fact]
    public void TwilioHoldsOnlyFromFifteenMinutesWithAMarginToThirtyFiveDays()
    {
        Assert.False(SendTimeRule.TwilioCanHold(Now.AddMinutes(15), Now));
        Assert.True(SendTimeRule.TwilioCanHold(Now.AddMinutes(16), Now));
        Assert.True(SendTimeRule.TwilioCanHold(Now.AddDays(35), Now));
        Assert.False(SendTimeRule.TwilioCanHold(Now.AddDays(36), Now));
    }
}
