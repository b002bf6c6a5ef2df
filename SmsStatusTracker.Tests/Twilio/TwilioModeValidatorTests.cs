using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Tests.Twilio;

/// <summary>Which environments may leave <c>Twilio:Mode</c> unset or run the simulator, and what the refusal says.</summary>
public sealed class TwilioModeValidatorTests
{
    [Fact]
    public void DevelopmentMayLeaveTheModeUnset()
    {
        var result = Validate(Environments.Development, []);

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OutsideDevelopmentAnUnsetModeFailsNamingTheKeyAndTheEnvironment(string environment)
    {
        var result = Validate(environment, []);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Twilio:Mode must be set outside Development", failure, StringComparison.Ordinal);
        Assert.Contains(environment, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideDevelopmentTheSimulatorNeedsTheOptIn()
    {
        var result = Validate(Environments.Production, new() { ["Twilio:Mode"] = "Simulator" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Twilio:Simulator:AllowOutsideDevelopment must be true", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideDevelopmentTheSimulatorRunsWithTheOptIn()
    {
        var result = Validate(Environments.Production, new() { ["Twilio:Mode"] = "Simulator", ["Twilio:Simulator:AllowOutsideDevelopment"] = "true" });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void LiveSetExplicitlyNeedsNoOptIn()
    {
        var result = Validate(Environments.Production, new() { ["Twilio:Mode"] = "Live" });

        Assert.True(result.Succeeded);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };
        return new TwilioModeValidator(configuration, host).Validate(null, options);
    }
}
