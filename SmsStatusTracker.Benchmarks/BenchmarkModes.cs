namespace SmsStatusTracker.Benchmarks;

// One benchmark per mode: `dotnet run -c Release --project SmsStatusTracker.Benchmarks -- <mode> [arguments]`.
// Arguments that start with a number keep the original live-feed form (`-- 50 100 20`).
internal static class BenchmarkModes
{
    private static readonly Dictionary<string, Func<string[], Task>> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["feed"] = LiveFeedBenchmark.RunAsync,
        ["webhook"] = WebhookBenchmark.RunAsync,
        [BareKestrel.Mode] = BareKestrel.RunAsync,
        ["send"] = SendBenchmark.RunAsync,
        ["log"] = LogBenchmark.RunAsync,
        ["insights"] = InsightsBenchmark.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        var named = args.Length > 0 && !char.IsDigit(args[0][0]);
        var mode = named ? args[0] : "feed";
        if (!Modes.TryGetValue(mode, out var run))
        {
            await Console.Error.WriteLineAsync($"Unknown benchmark '{mode}'. Modes: {string.Join(", ", Modes.Keys)}.");
            return 2;
        }

        await run(named ? args[1..] : args);
        return 0;
    }
}
