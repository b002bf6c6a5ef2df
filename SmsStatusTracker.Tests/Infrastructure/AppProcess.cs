using System.Diagnostics;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>Helpers for tests that run the built app as a child process.</summary>
public static class AppProcess
{
    /// <summary>Waits (60 s at most: a busy 2-core machine starts slowly) until <c>/health/ready</c> answers 200.</summary>
    public static async Task WaitUntilReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, $"The app at {http.BaseAddress} exited during startup with code {(process.HasExited ? process.ExitCode : 0)}.");
            try
            {
                using var response = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"The app at {http.BaseAddress} did not become ready within 60 s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
