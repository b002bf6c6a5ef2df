using System.Collections.Concurrent;
using System.Diagnostics;

namespace SmsStatusTracker.Benchmarks;

/// <summary>Starts <c>count</c> operations at a steady rate (not waiting for each) and collects their send times.</summary>
internal static class Paced
{
    public static async Task<Dictionary<Guid, long>> RunAsync(int count, int perSecond, Func<int, Task<(Guid Id, long Start)>> operation)
    {
        var started = new ConcurrentBag<Task<(Guid Id, long Start)>>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            started.Add(Task.Run(() => operation(index)));
        }

        var results = await Task.WhenAll(started);
        return results.ToDictionary(r => r.Id, r => r.Start);
    }
}
