using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>
/// Fixed-window counters in Redis, so several instances (<c>SignalR:Redis</c> set) share one budget per key instead of
/// each granting its own. Keys are hashed (no email address or IP in Redis). When Redis does not answer, the caller
/// falls back to its own per-process window: a limit that is briefly per instance beats one that is off.
/// </summary>
public sealed class SharedLimitCounter(string configuration, ILogger<SharedLimitCounter> logger) : IDisposable
{
    private const string KeyPrefix = "smsstatustracker:limits:";

    // INCR and the window's expiry in one step, so a crash between them cannot leave a counter that never expires.
    private static readonly LuaScript Increment = LuaScript.Prepare("""
        local count = redis.call('INCR', @key)
        if count == 1 then redis.call('PEXPIRE', @key, @window) end
        return { count, redis.call('PTTL', @key) }
        """);

    private readonly Lazy<ConnectionMultiplexer> redis = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        // A request waits for its limit check; a stalled Redis must not hold sign-ins and sends for long.
        options.SyncTimeout = options.AsyncTimeout = 1000;
        return ConnectionMultiplexer.Connect(options);
    });

    private long lastWarning;

    /// <summary>Counts one use of <paramref name="key"/> in <paramref name="scope"/>; null when Redis could not be asked.</summary>
    public bool? TryAcquire(string scope, string key, int permits, TimeSpan window, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        try
        {
            var result = (RedisResult[])redis.Value.GetDatabase().ScriptEvaluate(Increment, new
            {
                key = (RedisKey)(KeyPrefix + scope + ":" + Hash(key)),
                window = (long)window.TotalMilliseconds,
            })!;
            var count = (long)result[0];
            if (count <= permits)
            {
                return true;
            }

            var remaining = (long)result[1];
            retryAfter = remaining > 0 ? TimeSpan.FromMilliseconds(remaining) : window;
            return false;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidCastException)
        {
            // One warning a minute at most: a Redis outage would otherwise log once per request.
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref lastWarning);
            if (now - last > 60_000 && Interlocked.CompareExchange(ref lastWarning, now, last) == last)
            {
                logger.LogWarning(exception, "Rate limits could not reach Redis; limiting per instance until it answers");
            }

            return null;
        }
    }

    public void Dispose()
    {
        if (redis.IsValueCreated)
        {
            redis.Value.Dispose();
        }
    }

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}
