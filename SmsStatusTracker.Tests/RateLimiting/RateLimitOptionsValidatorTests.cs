using SmsStatusTracker.Web.RateLimiting;

namespace SmsStatusTracker.Tests.RateLimiting;

public sealed class RateLimitOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValidAndZeroSwitchesALimitOff()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { SignInPerAddress = 0, SignInPerIp = 0, SendsPerUser = 0 });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void AWindowThatIsNotPositiveFailsNamingItsKey()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { SignInWindow = TimeSpan.Zero, SendWindow = TimeSpan.FromSeconds(-1) });

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("RateLimits:SignInWindow must be positive", f, StringComparison.Ordinal),
            f => Assert.StartsWith("RateLimits:SendWindow must be positive", f, StringComparison.Ordinal));
    }
}
