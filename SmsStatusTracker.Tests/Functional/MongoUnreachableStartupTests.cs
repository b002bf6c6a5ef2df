using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>A MongoDB that cannot be reached at start-up is one line naming the setting, not a stack trace.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class MongoUnreachableStartupTests : IDisposable
{
    private readonly AppProcess app = new();

    /// <summary>A closed loopback port and a short server-selection timeout: refused at once, given up on in a second.</summary>
    private static string UnreachableMongo() =>
        $"mongodb://127.0.0.1:{FreePort.Next()}/smsstatus?serverSelectionTimeoutMS=1000&connectTimeoutMS=500";

    [Fact]
    public async Task TheWebAppStopsWithOneLineNamingConnectionStringsMongo()
    {
        var start = app.StartInfo(["--urls", $"http://127.0.0.1:{FreePort.Next()}"], settings: [("ConnectionStrings__Mongo", UnreachableMongo())]);

        var result = await app.RunAsync(start);

        Assert.True(result.ExitCode != 0, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("ConnectionStrings:Mongo", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AManagementCommandFailsWithOneLineNamingConnectionStringsMongo()
    {
        var start = app.StartInfo(["users", "list"], settings: [("ConnectionStrings__Mongo", UnreachableMongo())]);

        var result = await app.RunAsync(start);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("ConnectionStrings:Mongo", line, StringComparison.Ordinal);
    }

    public void Dispose() => app.Dispose();
}
