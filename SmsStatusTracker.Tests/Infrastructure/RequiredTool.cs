namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>
/// Tests that need a program from the machine (redis-server, chromium) skip with the reason when it is
/// missing — except in CI (CI=true), where .ci/run installs it, so missing it there is a failure.
/// </summary>
public static class RequiredTool
{
    public static string Find(string name, string installHint)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var reason = $"{name} is not installed ({installHint}).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " CI must run this test.");
        }

        TestContext.Current.SendDiagnosticMessage($"SKIPPED {TestContext.Current.Test?.TestDisplayName}: {reason}");
        Assert.Skip(reason);
        return "";
    }
}
