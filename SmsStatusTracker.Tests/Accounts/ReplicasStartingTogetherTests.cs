using System.Diagnostics;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Accounts;

/// <summary>
/// Replicas started at the same moment on a fresh store both seed the roles and the bootstrap admin; the one whose
/// insert loses to the unique index must look again, not crash at start-up.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class ReplicasStartingTogetherTests
{
    [Fact]
    public async Task TwoInstancesStartedTogetherOnAFreshStoreBothBecomeReady()
    {
        // The race is won or lost by milliseconds; three fresh stores make losing it all but certain (6 of 8 here).
        for (var round = 0; round < 3; round++)
        {
            using var app = new AppProcess();
            var addresses = new[] { new Uri($"http://127.0.0.1:{FreePort.Next()}"), new Uri($"http://127.0.0.1:{FreePort.Next()}") };
            var processes = addresses.Select(address => Process.Start(app.StartInfo(["--urls", address.ToString()]))!).ToArray();
            try
            {
                foreach (var process in processes)
                {
                    process.BeginOutputReadLine();
                    process.BeginErrorReadLine();
                }

                for (var i = 0; i < processes.Length; i++)
                {
                    using var http = new HttpClient { BaseAddress = addresses[i] };
                    await AppProcess.WaitUntilReadyAsync(http, processes[i]);
                }
            }
            finally
            {
                foreach (var process in processes)
                {
                    await AppProcess.StopAsync(process);
                    process.Dispose();
                }
            }
        }
    }
}
