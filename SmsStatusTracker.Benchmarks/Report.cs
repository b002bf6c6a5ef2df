namespace SmsStatusTracker.Benchmarks;

internal static class Report
{
    public static void Print(
        int clients, int rate, int seconds,
        (List<double> Latencies, int Missing) baseline,
        (List<double> Latencies, int Missing) full,
        IEnumerable<int> statuses,
        MemoryFigures idle,
        MemoryFigures loaded)
    {
        var answered = statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
        Console.WriteLine();
        Console.WriteLine($"## Live feed: {clients} listeners, {rate} changes/s, {seconds} s per phase");
        Console.WriteLine();
        Console.WriteLine("| phase | deliveries | missing | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Row("baseline: bare hub broadcast", baseline);
        Row("callback → store → hub → every listener", full);
        var ratio = Percentiles.Of(full.Latencies, 95) / Percentiles.Of(baseline.Latencies, 95);
        Console.WriteLine();
        Console.WriteLine($"p95 ratio (full / baseline): {ratio:0.00}×   target: full p95 ≤ 100 ms");
        Console.WriteLine($"callback answers: {string.Join(", ", answered)}");
        Console.WriteLine();
        Console.WriteLine("| memory of the server process (listeners run in a child process) | idle, no listeners | after load | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| working set MB | {idle.WorkingSetMb:0} | {loaded.WorkingSetMb:0} | {loaded.WorkingSetMb / idle.WorkingSetMb:0.00}× |");
        Console.WriteLine($"| peak working set MB | {idle.PeakWorkingSetMb:0} | {loaded.PeakWorkingSetMb:0} | {loaded.PeakWorkingSetMb / idle.PeakWorkingSetMb:0.00}× |");
        Console.WriteLine($"| managed heap MB | {idle.ManagedHeapMb:0} | {loaded.ManagedHeapMb:0} | {loaded.ManagedHeapMb / idle.ManagedHeapMb:0.00}× |");
        Console.WriteLine("target: server RSS ≤ 600 MB");
    }

    private static void Row(string name, (List<double> Latencies, int Missing) phase) =>
        Console.WriteLine($"| {name} | {phase.Latencies.Count} | {phase.Missing} | {Percentiles.Of(phase.Latencies, 50):0.0} | {Percentiles.Of(phase.Latencies, 95):0.0} | {Percentiles.Of(phase.Latencies, 99):0.0} | {Percentiles.Of(phase.Latencies, 100):0.0} |");
}
