using SmsStatusTracker.Tests.Cli;

namespace SmsStatusTracker.Tests.Simulator;

/// <summary>The built app as a child process: outside Development nothing chooses the simulator for you.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class TwilioModeStartupTests : IDisposable
{
    private readonly CliProcess app = new();

    [Fact]
    public async Task ProductionWithoutTwilioModeStopsWithOneLineNamingTheKey()
    {
        var start = app.StartInfo(["--urls", "http://127.0.0.1:0"]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment.Remove("Twilio__Mode");

        var result = await app.RunAsync(start);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Twilio:Mode", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSimulatorOutsideDevelopmentWithoutTheOptInStopsWithOneLineNamingTheSetting()
    {
        var start = app.StartInfo(["--urls", "http://127.0.0.1:0"]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment["Twilio__Mode"] = "Simulator";

        var result = await app.RunAsync(start);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Twilio:Simulator:AllowOutsideDevelopment", line, StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
