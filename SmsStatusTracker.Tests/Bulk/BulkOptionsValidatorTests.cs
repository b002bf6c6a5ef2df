using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Tests.Bulk;

public sealed class BulkOptionsValidatorTests
{
    [Theory]
    [InlineData(0, "Bulk:MessagesPerSecond")]
    [InlineData(-1, "Bulk:MessagesPerSecond")]
    [InlineData(20_000, "Bulk:MessagesPerSecond")]
    public void AnUnusablePaceIsRefusedNamingTheKey(double perSecond, string key)
    {
        var result = new BulkOptionsValidator().Validate(null, new BulkOptions { MessagesPerSecond = perSecond });

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsAreValid() => Assert.True(new BulkOptionsValidator().Validate(null, new BulkOptions()).Succeeded);

    [Fact]
    public void TooSmallLimitsAreRefusedNamingTheirKeys()
    {
        var result = new BulkOptionsValidator().Validate(null, new BulkOptions { MaxFileBytes = 10, MaxRows = 0, MaxConcurrentSends = 0 });

        Assert.Contains("Bulk:MaxFileBytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Bulk:MaxRows", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Bulk:MaxConcurrentSends", result.FailureMessage, StringComparison.Ordinal);
    }
}
