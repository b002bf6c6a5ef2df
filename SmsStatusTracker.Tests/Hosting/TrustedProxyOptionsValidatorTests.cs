using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Tests.Hosting;

public sealed class TrustedProxyOptionsValidatorTests
{
    [Fact]
    public void NothingSetAndWellFormedEntriesAreValid()
    {
        Assert.True(new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions()).Succeeded);
        var result = new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions { KnownProxies = ["10.0.0.5", "::1"], KnownNetworks = ["10.0.0.0/8"] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void AProxyThatIsNotAnAddressFailsNamingTheKeyAndTheEntry()
    {
        var result = new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions { KnownProxies = ["proxy.internal"] });

        Assert.Equal("ForwardedHeaders:KnownProxies contains 'proxy.internal', which is not an IP address.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void ANetworkThatIsNotACidrRangeFailsNamingTheKeyAndTheEntry()
    {
        var result = new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions { KnownNetworks = ["10.0.0.0/33"] });

        Assert.Equal("ForwardedHeaders:KnownNetworks contains '10.0.0.0/33', which is not a CIDR range like 10.0.0.0/8.", Assert.Single(result.Failures!));
    }
}
