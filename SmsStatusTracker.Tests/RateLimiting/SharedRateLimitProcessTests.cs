using System.Diagnostics;
using System.Net;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.RateLimiting;

/// <summary>Two app processes with one redis-server: the per-IP sign-in limit is one budget across them.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class SharedRateLimitProcessTests
{
    private const int PerIp = 3;

    [Fact]
    public async Task SignInPostsFromOneAddressCountOnceAcrossInstances()
    {
        await using var redis = await RedisServer.StartAsync();
        using var app = new AppProcess();
        var (processA, addressA) = Start(app, redis);
        var (processB, addressB) = Start(app, redis);
        try
        {
            using var a = new HttpClient { BaseAddress = addressA };
            using var b = new HttpClient { BaseAddress = addressB };
            await AppProcess.WaitUntilReadyAsync(a, processA);
            await AppProcess.WaitUntilReadyAsync(b, processB);

            // The limiter counts a post before the form is looked at, so bare posts (refused for their missing token) spend it.
            var answers = new List<HttpStatusCode>();
            foreach (var http in new[] { a, a, b, b })
            {
                using var response = await http.PostAsync(IdentityRegistration.SignInPath, new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
                answers.Add(response.StatusCode);
            }

            Assert.All(answers.Take(PerIp), status => Assert.NotEqual(HttpStatusCode.TooManyRequests, status));
            Assert.Equal(HttpStatusCode.TooManyRequests, answers[PerIp]);
        }
        finally
        {
            await AppProcess.StopAsync(processA);
            await AppProcess.StopAsync(processB);
            processA.Dispose();
            processB.Dispose();
        }
    }

    private static (Process Process, Uri Address) Start(AppProcess app, RedisServer redis)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var process = Process.Start(app.StartInfo(
            ["--urls", address.ToString()],
            settings: [("SignalR__Redis", redis.ConnectionString), ("RateLimits__SignInPerIp", PerIp.ToString())]))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, address);
    }
}
