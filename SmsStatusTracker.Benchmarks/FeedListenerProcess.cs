using System.Diagnostics;

namespace SmsStatusTracker.Benchmarks;

/// <summary>
/// The feed's listeners in a child process (this benchmark's own executable, <c>feed --listeners</c>), so the
/// server's CPU and memory are its own. The child takes commands on stdin: <c>dump PATH</c> writes every arrival so
/// far to PATH; end of input closes the connections. Arrival times are Stopwatch timestamps, the same monotonic
/// clock in both processes. With <c>--batched</c> the listeners take <c>MessagesChanged</c> frames.
/// </summary>
internal sealed class FeedListenerProcess : IAsyncDisposable
{
    private const string KeyVariable = "SMSSTATUS_BENCH_FEED_KEY";
    private readonly Process child;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "smsstatus-bench-feed", Guid.NewGuid().ToString("N"));

    private FeedListenerProcess(Process child, int count)
    {
        this.child = child;
        Count = count;
        Directory.CreateDirectory(directory);
    }

    public int Count { get; }

    public TimeSpan Cpu => child.TotalProcessorTime;

    public double WorkingSetMb
    {
        get
        {
            child.Refresh();
            return child.WorkingSet64 / (1024.0 * 1024);
        }
    }

    public static async Task<FeedListenerProcess> StartAsync(Uri baseAddress, string apiKey, int count, bool batched)
    {
        // `dotnet run` starts the apphost; `dotnet X.dll` starts the shared host, which needs the dll named again.
        var self = typeof(FeedListenerProcess).Assembly.Location;
        var viaHost = !Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(Path.GetFileNameWithoutExtension(self), StringComparison.Ordinal);
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (viaHost)
        {
            start.ArgumentList.Add(self);
        }

        foreach (var argument in new[] { "feed", "--listeners", baseAddress.ToString(), count.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        if (batched)
        {
            start.ArgumentList.Add(LiveFeedBenchmark.BatchedFlag);
        }

        // Not on the command line, where other users of the machine could read it.
        start.Environment[KeyVariable] = apiKey;
        var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the listener process.");
        var listeners = new FeedListenerProcess(child, count);
        await listeners.ExpectAsync("ready");
        return listeners;
    }

    public async Task<(List<double> Latencies, int Missing)> CollectAsync(IReadOnlyDictionary<Guid, long> sentAt)
    {
        var path = Path.Combine(directory, $"arrivals-{Guid.NewGuid():N}.bin");
        await child.StandardInput.WriteLineAsync("dump " + path);
        await child.StandardInput.FlushAsync();
        await ExpectAsync("dumped");
        var result = FeedClients.Collect(Count, FeedClients.ReadArrivals(path), sentAt);
        File.Delete(path);
        return result;
    }

    /// <summary>The child's side: connect, say ready, answer dumps until stdin closes.</summary>
    public static async Task RunChildAsync(string[] args)
    {
        var baseAddress = new Uri(args[0]);
        var count = int.Parse(args[1]);
        var batched = args.Contains(LiveFeedBenchmark.BatchedFlag);
        var key = Environment.GetEnvironmentVariable(KeyVariable) ?? "";
        await using var clients = await FeedClients.ConnectAsync(baseAddress, key, count, batched);
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("dump ", StringComparison.Ordinal))
            {
                clients.WriteArrivals(line["dump ".Length..]);
                Console.WriteLine("dumped");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        child.StandardInput.Close();
        if (!child.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            child.Kill();
        }

        child.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }

        await Task.CompletedTask;
    }

    private async Task ExpectAsync(string word)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == word)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The listener process ended before saying '{word}'.");
    }
}
