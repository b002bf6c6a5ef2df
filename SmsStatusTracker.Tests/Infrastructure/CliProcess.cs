using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Tests.Cli;

/// <summary>
/// The built SmsStatusTracker.Web.dll run as a child process on its own temporary SQLite file, the way an
/// operator runs it: Development settings (so <c>admin@localhost</c> is the bootstrap admin), simulator mode.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "smsstatus-cli", Guid.NewGuid().ToString("N"));

    public CliProcess()
    {
        Directory.CreateDirectory(directory);
        ConnectionString = $"Data Source={Path.Combine(directory, "cli.db")}";
    }

    public string ConnectionString { get; }

    public static string WebDll
    {
        get
        {
            var testBin = AppContext.BaseDirectory;
            var webBin = testBin.Replace("SmsStatusTracker.Tests", "SmsStatusTracker.Web", StringComparison.Ordinal);
            return Path.Combine(File.Exists(Path.Combine(webBin, "SmsStatusTracker.Web.dll")) ? webBin : testBin, "SmsStatusTracker.Web.dll");
        }
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet", [WebDll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Sqlite"] = ConnectionString;
        start.Environment["ConnectionStrings__Mongo"] = "";
        start.Environment["Twilio__Mode"] = "Simulator";
        start.Environment["Reconciliation__Enabled"] = "false";
        return start;
    }

    /// <summary>Runs to the end (killed and failed after 30 s) and returns the exit code and both streams.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(StartInfo(args));

    /// <summary>Runs <paramref name="start"/> (from <see cref="StartInfo"/>, adjusted) to the end, as above.</summary>
    public async Task<CliResult> RunAsync(ProcessStartInfo start)
    {
        var args = start.ArgumentList.Skip(1).ToArray();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{string.Join(' ', args)}' was still running after {Timeout.TotalSeconds} s.");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
