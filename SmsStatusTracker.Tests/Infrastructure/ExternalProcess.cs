using System.Diagnostics;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>Runs a command line tool to its end (or kills it at the timeout) and returns its exit code, standard output and standard error.</summary>
public static class ExternalProcess
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeoutSeconds} s:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
