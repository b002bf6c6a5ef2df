using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Simulator;

/// <summary>The built app as a child process: outside Development nothing chooses the simulator for you.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class TwilioModeStartupTests : IDisposable
{
    private readonly AppProcess app = new();

    [Fact]
    public async Task ProductionWithoutTwilioModeStopsWithOneLineNamingTheKey()
    {
        var start = app.StartInfo(["--urls", "http://127.0.0.1:0"], "Production", settings: [("Twilio__Mode", null)]);

        var result = await app.RunAsync(start);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Twilio:Mode", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSimulatorOutsideDevelopmentWithoutTheOptInStopsWithOneLineNamingTheSetting()
    {
        var start = app.StartInfo(["--urls", "http://127.0.0.1:0"], "Production");

        var result = await app.RunAsync(start);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Twilio:Simulator:AllowOutsideDevelopment", line, StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
