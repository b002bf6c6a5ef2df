using System.Diagnostics;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Cli;

/// <summary>Which arguments mean a command, what bad input gets, and that a command never serves HTTP.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class CliModeTests : IDisposable
{
    private readonly AppProcess cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("users", "frobnicate")]
    [InlineData("users")]
    [InlineData("apikeys", "create", "--user", "admin@localhost")]
    [InlineData("users", "add", "not-an-email", "--role", "Admin")]
    [InlineData("users", "list", "--urls", "http://127.0.0.1:5999")]
    public async Task BadArgumentsFailWithAMessageAndTheUsage(params string[] args)
    {
        var result = await cli.RunAsync(args);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains("users add <email> --role Admin|Operator|Viewer", result.Error);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("user", "add", "ops@example.com", "--role", "Operator")]
    [InlineData("apikey", "create")]
    [InlineData("Users", "list")]
    [InlineData("serve")]
    public async Task AMistypedCommandIsAUsageErrorAndNeverStartsTheWebServer(params string[] args)
    {
        var port = FreePort.Next();
        var start = cli.StartInfo(args, settings: [("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"), ("Logging__LogLevel__Default", "Information")]);

        var result = await cli.RunAsync(start);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"error: Unknown command '{args[0]}'", result.Error, StringComparison.Ordinal);
        Assert.Contains("users add <email> --role Admin|Operator|Viewer", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task HelpPrintsTheUsageAndSucceeds()
    {
        var result = await cli.RunAsync("help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("apikeys create --user <email> --name <name>", result.Output);
    }

    [Fact]
    public async Task ACommandExitsPromptlyWithoutEverAcceptingAConnection()
    {
        var port = FreePort.Next();
        var start = cli.StartInfo(["users", "list"], settings: [("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"), ("Logging__LogLevel__Default", "Information")]);
        var accepted = 0;

        var result = await cli.RunAsync(start, whileRunning: async command =>
        {
            var started = Stopwatch.StartNew();
            while (!command.HasExited && started.Elapsed < TimeSpan.FromSeconds(60))
            {
                using var probe = new System.Net.Sockets.TcpClient();
                try
                {
                    await probe.ConnectAsync(System.Net.IPAddress.Loopback, port, Ct);
                    accepted++;
                }
                catch (System.Net.Sockets.SocketException)
                {
                }

                await Task.Delay(50, Ct);
            }
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, accepted);
        Assert.DoesNotContain("Now listening", result.Output + result.Error);
    }

    [Theory]
    [InlineData("--urls")]
    [InlineData("Logging:LogLevel:Default=Warning", "--urls")]
    public async Task ArgumentsThatAreNotACommandStillStartTheWebApp(params string[] args)
    {
        var port = FreePort.Next();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        using var app = AppProcess.StartInBackground(cli.StartInfo([.. args, $"http://127.0.0.1:{port}"]));
        try
        {
            await AppProcess.WaitUntilReadyAsync(http, app);
        }
        finally
        {
            await AppProcess.StopAsync(app);
        }
    }

    public void Dispose() => cli.Dispose();
}
