using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.RateLimiting;

namespace SmsStatusTracker.Tests.RateLimiting;

/// <summary>
/// Two limiters with their own Redis connections stand for two instances: with a shared counter they spend one
/// budget, without one each grants its own, and with Redis unreachable each falls back to its own window.
/// </summary>
public sealed class SharedLimitTests
{
    private static readonly IOptions<RateLimitOptions> ThreePerMinute = Options.Create(new RateLimitOptions
    {
        SendsPerUser = 3,
        SendWindow = TimeSpan.FromMinutes(1),
        SignInPerIp = 3,
        SignInWindow = TimeSpan.FromMinutes(1),
    });

    [Fact]
    public async Task InstancesSharingRedisSpendOneBudgetPerUser()
    {
        await using var redis = await RedisServer.StartAsync();
        using var counterA = new SharedLimitCounter(redis.ConnectionString, NullLogger<SharedLimitCounter>.Instance);
        using var counterB = new SharedLimitCounter(redis.ConnectionString, NullLogger<SharedLimitCounter>.Instance);
        using var instanceA = new SendThrottle(ThreePerMinute, counterA);
        using var instanceB = new SendThrottle(ThreePerMinute, counterB);

        Assert.True(instanceA.TryAcquire("user-1", out _));
        Assert.True(instanceA.TryAcquire("user-1", out _));
        Assert.True(instanceB.TryAcquire("user-1", out _));

        Assert.False(instanceB.TryAcquire("user-1", out var retryAfter));
        Assert.InRange(retryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Assert.False(instanceA.TryAcquire("user-1", out _));
        Assert.True(instanceB.TryAcquire("user-2", out _));
    }

    [Fact]
    public void WithoutRedisEachInstanceGrantsItsOwnBudget()
    {
        using var instanceA = new SendThrottle(ThreePerMinute);
        using var instanceB = new SendThrottle(ThreePerMinute);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(instanceA.TryAcquire("user-1", out _));
            Assert.True(instanceB.TryAcquire("user-1", out _));
        }

        Assert.False(instanceA.TryAcquire("user-1", out _));
    }

    [Fact]
    public void WhenRedisDoesNotAnswerTheLimitStillHoldsPerInstanceAndNobodyWaitsLong()
    {
        using var unreachable = new SharedLimitCounter($"127.0.0.1:{FreePort.Next()},connectTimeout=500", NullLogger<SharedLimitCounter>.Instance);
        using var instance = new SendThrottle(ThreePerMinute, unreachable);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            Assert.True(instance.TryAcquire("user-1", out _));
        }

        Assert.False(instance.TryAcquire("user-1", out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Four checks against a dead Redis took {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    [Fact]
    public async Task TheMiddlewaresPerIpLimitIsSharedThroughRedisToo()
    {
        await using var redis = await RedisServer.StartAsync();
        using var counterA = new SharedLimitCounter(redis.ConnectionString, NullLogger<SharedLimitCounter>.Instance);
        using var counterB = new SharedLimitCounter(redis.ConnectionString, NullLogger<SharedLimitCounter>.Instance);
        using var limiterA = new SignInIpLimiter(ThreePerMinute, counterA);
        using var limiterB = new SignInIpLimiter(ThreePerMinute, counterB);
        var partitionA = new KeyedRateLimiter(limiterA, "203.0.113.7");
        var partitionB = new KeyedRateLimiter(limiterB, "203.0.113.7");

        Assert.True(partitionA.AttemptAcquire().IsAcquired);
        Assert.True(partitionB.AttemptAcquire().IsAcquired);
        Assert.True((await partitionA.AcquireAsync(cancellationToken: TestContext.Current.CancellationToken)).IsAcquired);

        using var refused = partitionB.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.True(wait > TimeSpan.Zero);
    }
}
