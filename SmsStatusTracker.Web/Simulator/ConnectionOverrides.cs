namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Twilio's webhook connection overrides, read from the callback URL's fragment
/// (<c>#rc=3&amp;rp=5xx,ct,rt&amp;ct=2000&amp;rt=5000</c>): retry count, retry policy, connect and read timeouts.
/// </summary>
public sealed record ConnectionOverrides(int RetryCount, IReadOnlySet<string> RetryPolicy, TimeSpan ReadTimeout)
{
    // Without overrides Twilio retries once, and only when it could not connect.
    public static readonly ConnectionOverrides Default = new(1, new HashSet<string> { "ct" }, TimeSpan.FromSeconds(15));

    public static ConnectionOverrides Parse(string? fragment)
    {
        if (string.IsNullOrWhiteSpace(fragment))
        {
            return Default;
        }

        var values = fragment.TrimStart('#').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.Last()[1]), StringComparer.OrdinalIgnoreCase);

        var retries = values.TryGetValue("rc", out var rc) && int.TryParse(rc, out var count) ? Math.Clamp(count, 0, 5) : Default.RetryCount;
        var policy = values.TryGetValue("rp", out var rp)
            ? rp.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : Default.RetryPolicy;
        var readTimeout = values.TryGetValue("rt", out var rt) && int.TryParse(rt, out var ms) ? TimeSpan.FromMilliseconds(Math.Clamp(ms, 100, 15000)) : Default.ReadTimeout;
        return new ConnectionOverrides(retries, policy, readTimeout);
    }

    /// <summary>Whether an answer with <paramref name="httpStatus"/> (0: no answer) should be retried.</summary>
    public bool ShouldRetry(int httpStatus, bool timedOut)
    {
        if (RetryPolicy.Contains("all"))
        {
            return httpStatus is 0 or >= 400;
        }

        return httpStatus switch
        {
            0 when timedOut => RetryPolicy.Contains("rt"),
            0 => RetryPolicy.Contains("ct"),
            >= 500 => RetryPolicy.Contains("5xx"),
            >= 400 => RetryPolicy.Contains("4xx"),
            _ => false,
        };
    }
}
