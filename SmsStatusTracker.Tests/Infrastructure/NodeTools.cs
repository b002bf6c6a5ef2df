using SmsStatusTracker.Tests.Deployment;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>
/// The Node packages of <c>tools/package.json</c> (Redocly CLI, the SignalR client of docs/api.md's example), installed
/// by <c>npm ci --prefix tools</c>. Missing node or packages skip the test loudly, and fail it under CI.
/// </summary>
public static class NodeTools
{
    public const string InstallHint = "npm ci --prefix tools";

    public static string Directory => Path.Combine(ContainerFilesTests.RepositoryRoot, "tools");

    /// <summary>The path of node, after checking the packages are installed.</summary>
    public static string RequireNode()
    {
        var node = RequiredTool.Find("node", "apt-get install -y nodejs npm");
        if (!File.Exists(Path.Combine(Directory, "node_modules", "@redocly", "cli", "package.json"))
            || !File.Exists(Path.Combine(Directory, "node_modules", "@microsoft", "signalr", "package.json")))
        {
            var reason = $"tools/node_modules is not installed (run `{InstallHint}`).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason + " CI must run this test.");
            }

            TestContext.Current.SendDiagnosticMessage($"SKIPPED {TestContext.Current.Test?.TestDisplayName}: {reason}");
            Assert.Skip(reason);
        }

        return node;
    }
}
