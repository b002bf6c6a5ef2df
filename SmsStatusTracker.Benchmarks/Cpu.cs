using System.Diagnostics;

namespace SmsStatusTracker.Benchmarks;

/// <summary>Process CPU time (all threads) spent since <see cref="Start"/>.</summary>
internal sealed class Cpu
{
    private readonly TimeSpan start = Process.GetCurrentProcess().TotalProcessorTime;

    public static Cpu Start() => new();

    public double ElapsedMs() => (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds;
}
