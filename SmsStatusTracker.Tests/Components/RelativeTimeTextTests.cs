using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

public sealed class RelativeTimeTextTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(9, "just now")]
    [InlineData(45, "45 s ago")]
    [InlineData(120, "2 min ago")]
    [InlineData(3599, "59 min ago")]
    [InlineData(3 * 3600, "3 h ago")]
    [InlineData(30 * 3600, "yesterday")]
    [InlineData(5 * 86400, "5 days ago")]
    [InlineData(-20, "just now")]
    [InlineData(-3600, "in the future")]
    public void ElapsedTimeReadsNaturally(int secondsAgo, string expected) =>
        Assert.Equal(expected, RelativeTimeText.Format(Now.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void OldTimesAreShownAbsolutely() =>
        Assert.Equal("2025-01-01 08:00:00 UTC", RelativeTimeText.Format(new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)), Now));

    [Fact]
    public void AbsoluteTimeIsInUtcAndSaysSo() =>
        Assert.Equal("2025-03-14 10:00:00 UTC", RelativeTimeText.Absolute(new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.FromHours(2))));
}
