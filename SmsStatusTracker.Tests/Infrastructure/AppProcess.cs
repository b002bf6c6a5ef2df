using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>
/// The built SmsStatusTracker.Web.dll run as a child process on its own temporary SQLite file, the way an
/// operator runs it: Development settings (so <c>admin@localhost</c> is the bootstrap admin) and simulator mode
/// unless a test asks for another environment or adds settings.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "smsstatus-app", Guid.NewGuid().ToString("N"));

    public AppProcess()
    {
        Directory.CreateDirectory(directory);
        ConnectionString = $"Data Source={Path.Combine(directory, "app.db")}";
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

    /// <summary>
    /// A start of the app with <paramref name="args"/> on this database in <paramref name="environment"/>;
    /// <paramref name="settings"/> are configuration keys in environment-variable form (a null value removes one).
    /// </summary>
    public ProcessStartInfo StartInfo(
        IEnumerable<string> args, string environment = "Development", IEnumerable<(string Key, string? Value)>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet", [WebDll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ConnectionStrings__Sqlite"] = ConnectionString;
        start.Environment["ConnectionStrings__Mongo"] = "";
        start.Environment["Twilio__Mode"] = "Simulator";
        start.Environment["Reconciliation__Enabled"] = "false";
        if (environment != "Development")
        {
            // Outside Development the app insists on a mail server for sign-in links; no child-process test signs anyone in.
            start.Environment["Smtp__Host"] = "127.0.0.1";
        }

        foreach (var (key, value) in settings ?? [])
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }

    /// <summary>Runs to the end (killed and failed after 60 s) and returns the exit code and both streams.</summary>
    public Task<AppProcessResult> RunAsync(params string[] args) => RunAsync(StartInfo(args));

    /// <summary>
    /// Runs <paramref name="start"/> (from <see cref="StartInfo"/>) to the end, as above; <paramref name="whileRunning"/>
    /// is given the process to watch before it is waited for.
    /// </summary>
    public async Task<AppProcessResult> RunAsync(ProcessStartInfo start, Func<Process, Task>? whileRunning = null)
    {
        var args = start.ArgumentList.Skip(1).ToArray();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (whileRunning is not null)
        {
            await whileRunning(process);
        }

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

        return new AppProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <paramref name="start"/> in the background with its output drained, so a chatty app never blocks on a full pipe.</summary>
    public static Process StartInBackground(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits (60 s at most: a busy 2-core machine starts slowly) until <c>/health/ready</c> answers 200.</summary>
    public static async Task WaitUntilReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.Add(Timeout);
        while (true)
        {
            Assert.False(process.HasExited, $"The app at {http.BaseAddress} exited during startup with code {(process.HasExited ? process.ExitCode : 0)}.");
            try
            {
                using var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"The app at {http.BaseAddress} did not become ready within {Timeout.TotalSeconds} s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Kills the process (and its children) if it is still running and waits for it to go.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        // Not cancellable: this is clean-up, and a process left running outlives the test run.
        await process.WaitForExitAsync(CancellationToken.None);
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

public sealed record AppProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
