using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmsStatusTracker.Benchmarks;

/// <summary>A server under test in a process of its own, so its CPU can be read apart from the load generator's.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;

    private ChildProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>dotnet dll args</c> in <paramref name="workingDirectory"/> and waits until <paramref name="readyPath"/> answers 2xx.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, string args, string workingDirectory, int port, IReadOnlyDictionary<string, string> environment, string readyPath)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {args}")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, line) => { if (line.Data is { Length: > 0 } text) Console.WriteLine($"  [{Path.GetFileNameWithoutExtension(dll)}] {text}"); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { Length: > 0 } text) Console.WriteLine($"  [{Path.GetFileNameWithoutExtension(dll)}!] {text}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var child = new ChildProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{dll} exited with code {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(child.BaseAddress, readyPath));
                if (response.IsSuccessStatusCode)
                {
                    return child;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await child.DisposeAsync();
        throw new TimeoutException($"{dll} did not answer {readyPath} within 60 s.");
    }

    /// <summary>User + system CPU time of the child so far, from <c>/proc/&lt;pid&gt;/stat</c> (fields 14 and 15, in clock ticks).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        // The command name (field 2) may hold spaces; the fields after it start past the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    // sysconf(_SC_CLK_TCK) is 100 on every Linux build .NET supports.
    private const int ClockTicksPerSecond = 100;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
