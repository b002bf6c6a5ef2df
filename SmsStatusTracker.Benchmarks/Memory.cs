using System.Diagnostics;

namespace SmsStatusTracker.Benchmarks;

internal sealed record MemoryFigures(double WorkingSetMb, double PeakWorkingSetMb, double ManagedHeapMb);

internal static class Memory
{
    public static MemoryFigures Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        const double mb = 1024 * 1024;
        return new MemoryFigures(process.WorkingSet64 / mb, process.PeakWorkingSet64 / mb, GC.GetTotalMemory(false) / mb);
    }
}
