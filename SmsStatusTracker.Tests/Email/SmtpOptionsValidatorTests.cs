using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Tests.Email;

public sealed class SmtpOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void APortOutOfRangeFailsNamingTheKey(int port)
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Port = port });

        Assert.Equal("Smtp:Port must be between 1 and 65535.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void AFromThatIsNotAnAddressFailsNamingTheKey()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { From = "not an address <" });

        Assert.StartsWith("Smtp:From must be an address", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
