using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Tests.Sending;

public sealed class SmsOptionsValidatorTests
{
    [Theory]
    [InlineData("US")]
    [InlineData("GB")]
    public void ATwoLetterRegionIsValid(string region)
    {
        var result = new SmsOptionsValidator().Validate(null, new SmsOptions { DefaultRegion = region });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("USA")]
    [InlineData("1A")]
    public void AnythingElseFailsNamingTheKey(string region)
    {
        var result = new SmsOptionsValidator().Validate(null, new SmsOptions { DefaultRegion = region });

        Assert.StartsWith("Sms:DefaultRegion ", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
