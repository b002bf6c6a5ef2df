using System.Collections.Concurrent;
using System.Diagnostics;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Coordination;

/// <summary>
/// Two app processes on one SQLite file, reconciliation on in both: only the lease holder polls; killed with
/// SIGKILL (no chance to release), its lease expires and the other process takes the polling over.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class ReconciliationLeaseFailoverTests
{
    private const string PassLine = "Reconciliation pass:";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RenewInterval = TimeSpan.FromMilliseconds(500);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnlyTheLeaseHolderPollsAndAfterItIsKilledTheOtherTakesOverWithinTheLease()
    {
        using var app = new AppProcess();
        var a = Start(app, "A");
        var b = Start(app, "B");
        try
        {
            using (var httpA = new HttpClient { BaseAddress = a.Address })
            using (var httpB = new HttpClient { BaseAddress = b.Address })
            {
                await AppProcess.WaitUntilReadyAsync(httpA, a.Process);
                await AppProcess.WaitUntilReadyAsync(httpB, b.Process);
            }

            await WaitUntilAsync(() => a.Passes + b.Passes >= 5, TimeSpan.FromSeconds(30), "Neither process polled.");
            var (holder, other) = a.Passes > 0 ? (a, b) : (b, a);

            // Several lease renewals later, still only the holder has polled.
            await Task.Delay(LeaseDuration, Ct);
            Assert.True(holder.Passes >= 10, $"The holder {holder.Name} polled only {holder.Passes} times.");
            Assert.True(other.Passes == 0, $"{other.Name} polled {other.Passes} times while {holder.Name} held the lease.");

            holder.Process.Kill(); // SIGKILL: no shutdown, no release
            await holder.Process.WaitForExitAsync(Ct);
            var killedAt = Stopwatch.StartNew();

            var bound = LeaseDuration + RenewInterval + TimeSpan.FromSeconds(5);
            await WaitUntilAsync(() => other.Passes > 0, bound, $"{other.Name} did not take over within {bound.TotalSeconds} s of the kill.");
            Assert.True(killedAt.Elapsed >= LeaseDuration - RenewInterval - RenewInterval,
                $"{other.Name} took over after {killedAt.Elapsed.TotalSeconds:0.0} s, before the dead holder's lease could have expired.");
            await WaitUntilAsync(() => other.Passes >= 3, TimeSpan.FromSeconds(10), $"{other.Name} stopped polling after taking over.");
        }
        finally
        {
            await AppProcess.StopAsync(a.Process);
            await AppProcess.StopAsync(b.Process);
            a.Process.Dispose();
            b.Process.Dispose();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < timeout, failure);
            await Task.Delay(50, Ct);
        }
    }

    private static Replica Start(AppProcess app, string name)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = app.StartInfo(
            ["--urls", address.ToString()],
            settings:
            [
                ("Reconciliation__Enabled", "true"),
                ("Reconciliation__Interval", "00:00:00.200"),
                ("Leases__Duration", LeaseDuration.ToString()),
                ("Leases__RenewInterval", RenewInterval.ToString()),
                ("Logging__LogLevel__Default", "Warning"),
                ("Logging__LogLevel__SmsStatusTracker.Core.Reconciliation.ReconciliationService", "Debug"),
            ]);
        var replica = new Replica(name, address, Process.Start(start)!);
        replica.Process.OutputDataReceived += (_, line) => replica.Record(line.Data);
        replica.Process.ErrorDataReceived += (_, _) => { };
        replica.Process.BeginOutputReadLine();
        replica.Process.BeginErrorReadLine();
        return replica;
    }

    private sealed class Replica(string name, Uri address, Process process)
    {
        private readonly ConcurrentQueue<string> lines = new();
        private int passes;

        public string Name => name;

        public Uri Address => address;

        public Process Process => process;

        public int Passes => Volatile.Read(ref passes);

        public void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            lines.Enqueue(line);
            if (line.Contains(PassLine, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref passes);
            }
        }
    }
}
