using System.Diagnostics;
using System.Text.RegularExpressions;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.Health;

namespace SmsStatusTracker.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so the container files are checked by what does run: Debian's docker-compose
/// validates compose.yaml, and the Dockerfile's health check command is run against a real app process.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed partial class ContainerFilesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmsStatusTracker.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException($"No SmsStatusTracker.sln above {AppContext.BaseDirectory}.");
        }
    }

    [Fact]
    public async Task TheComposeFileValidatesAndPutsTwoReplicasBehindTheTrustedProxyWithMongoAsAReplicaSet()
    {
        var compose = RequiredTool.Find("docker-compose", "apt-get install -y docker-compose");
        var start = new ProcessStartInfo(compose, ["-f", Path.Combine(RepositoryRoot, "compose.yaml"), "config"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var config = await output;

        Assert.True(process.ExitCode == 0, $"docker-compose config failed:\n{await error}");
        foreach (var service in new[] { "app1", "app2", "proxy", "mongo", "redis" })
        {
            Assert.Matches($"(?m)^  {service}:$", config);
        }

        var trusted = KnownProxy().Matches(config).Select(m => m.Groups[1].Value).Distinct().ToArray();
        var proxyAddress = ProxyAddress().Match(config);
        Assert.True(proxyAddress.Success, "The proxy has no fixed address the app could trust.");
        Assert.Equal([proxyAddress.Groups[1].Value], trusted);
        Assert.Equal(2, Regex.Matches(config, "ConnectionStrings__Mongo: mongodb://mongo:27017/smsstatus\\?replicaSet=rs0").Count);
        Assert.Equal(2, Regex.Matches(config, "SignalR__Redis: redis:6379").Count);
        Assert.Contains("--replSet", config, StringComparison.Ordinal);
        Assert.Contains("rs.initiate", config, StringComparison.Ordinal);
        Assert.Contains("condition: service_healthy", config, StringComparison.Ordinal);

        var caddyfile = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "deploy", "Caddyfile"), Ct);
        Assert.Contains("reverse_proxy app1:8080 app2:8080", caddyfile, StringComparison.Ordinal);
        Assert.Matches("lb_policy cookie", caddyfile);
        Assert.Contains($"health_uri {HealthEndpoints.ReadyPath}", caddyfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDockerfileRunsAsANonRootUserWithADataVolumeAndItsHealthCheckTellsALiveAppFromNone()
    {
        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "Dockerfile"), Ct);
        Assert.Matches("(?m)^FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build$", dockerfile);
        Assert.Matches("(?m)^FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime$", dockerfile);
        Assert.Matches("(?m)^USER \\$APP_UID$", dockerfile);
        Assert.Matches("(?m)^VOLUME /data$", dockerfile);
        var script = HealthCheckScript().Match(dockerfile);
        Assert.True(script.Success, "No HEALTHCHECK CMD [\"bash\", \"-c\", ...] in the Dockerfile.");
        var command = script.Groups[1].Value.Replace("\\\\", "\\", StringComparison.Ordinal);
        Assert.Contains(HealthEndpoints.LivePath, command, StringComparison.Ordinal);

        using var app = new AppProcess();
        var port = FreePort.Next();
        using var process = AppProcess.StartInBackground(app.StartInfo(["--urls", $"http://127.0.0.1:{port}"]));
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await AppProcess.WaitUntilReadyAsync(http, process);

            Assert.Equal(0, await RunBashAsync(command.Replace("8080", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
            Assert.NotEqual(0, await RunBashAsync(command.Replace("8080", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        }
        finally
        {
            await AppProcess.StopAsync(process);
        }
    }

    private static async Task<int> RunBashAsync(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await bash.WaitForExitAsync(Ct);
        return bash.ExitCode;
    }

    [GeneratedRegex("ForwardedHeaders__KnownProxies__0: (\\S+)")]
    private static partial Regex KnownProxy();

    [GeneratedRegex("ipv4_address: (\\S+)")]
    private static partial Regex ProxyAddress();

    [GeneratedRegex("HEALTHCHECK[^\\n]*\\\\\\n\\s*CMD \\[\"bash\", \"-c\", \"(.*)\"\\]")]
    private static partial Regex HealthCheckScript();
}
