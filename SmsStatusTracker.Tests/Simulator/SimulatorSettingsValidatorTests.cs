using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Simulator;

public sealed class SimulatorSettingsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        var result = new SimulatorSettingsValidator().Validate(null, new SimulatorSettings());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void TheSimulatorNeedsRoomForAtLeastOneMessage()
    {
        var result = new SimulatorSettingsValidator().Validate(null, new SimulatorSettings { MaxMessages = 0 });

        Assert.Equal("Twilio:Simulator:MaxMessages must be at least 1.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void EveryBadSettingFailsNamingItsKey()
    {
        var settings = new SimulatorSettings
        {
            StepDelay = TimeSpan.FromSeconds(-1),
            RetryDelay = TimeSpan.FromSeconds(-1),
            TimeoutHang = TimeSpan.FromSeconds(-1),
            DuplicateRate = 1.5,
            DropRate = -0.1,
        };

        var result = new SimulatorSettingsValidator().Validate(null, settings);

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Twilio:Simulator:StepDelay ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Twilio:Simulator:RetryDelay ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Twilio:Simulator:TimeoutHang ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Twilio:Simulator:DuplicateRate ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Twilio:Simulator:DropRate ", f, StringComparison.Ordinal));
    }
}
