using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SmsStatusTracker.Benchmarks;

/// <summary>What one wrk run reported through <c>webhook.lua</c>'s <c>done</c>; <see cref="Sent"/> is how many requests each thread generated.</summary>
internal sealed record WrkResult(long Requests, double Seconds, long StatusErrors, long SocketErrors, double P50Ms, double P99Ms, IReadOnlyDictionary<int, long> Sent)
{
    public double PerSecond => Requests / Seconds;
}

internal static partial class Wrk
{
    public const int Threads = 2;

    public static async Task<WrkResult> RunAsync(Uri target, string requestsFile, int connections, int seconds)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "webhook.lua");
        var start = new ProcessStartInfo("wrk", $"-t{Threads} -c{connections} -d{seconds}s --timeout 10s -s \"{script}\" {target} -- \"{requestsFile}\" {Threads}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk (apt-get install -y wrk).");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = ResultLine().Match(output);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {output} {errors}");
        }

        long Number(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        var sent = match.Groups["sent"].Value.Split(',')
            .Select(pair => pair.Split(':'))
            .ToDictionary(pair => int.Parse(pair[0], CultureInfo.InvariantCulture), pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
        return new WrkResult(Number("requests"), Number("duration") / 1e6, Number("status"), Number("socket"), Number("p50") / 1000.0, Number("p99") / 1000.0, sent);
    }

    [GeneratedRegex(@"RESULT requests=(?<requests>\d+) duration_us=(?<duration>\d+) status_errors=(?<status>\d+) socket_errors=(?<socket>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) sent=(?<sent>[0-9:,]+)")]
    private static partial Regex ResultLine();
}
