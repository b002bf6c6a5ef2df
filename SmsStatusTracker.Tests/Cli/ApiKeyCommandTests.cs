using System.Text.RegularExpressions;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Cli;

[Collection(HeavyTestsCollection.Name)]
public sealed class ApiKeyCommandTests : IDisposable
{
    private readonly AppProcess cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreatedTokenAuthenticatesAgainstTheSameDatabaseUntilRevoked()
    {
        var created = await cli.RunAsync("apikeys", "create", "--user", "admin@localhost", "--name", "ci");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Regex.Match(created.Output, @"(?m)^id:\s+(\S+)").Groups[1].Value;
        var token = Regex.Match(created.Output, @"(?m)^token:\s+(\S+)").Groups[1].Value;
        var keys = new ApiKeyService(new SqliteApiKeyStore(new SqliteStoreOptions(cli.ConnectionString)), TimeProvider.System);

        var before = await keys.AuthenticateAsync(token, Ct);
        var revoked = await cli.RunAsync("apikeys", "revoke", id);
        var after = await keys.AuthenticateAsync(token, Ct);

        Assert.NotNull(before);
        Assert.Equal(Guid.Parse(id), before.Id);
        Assert.Equal("ci", before.Name);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Null(after);
        Assert.DoesNotContain(token, revoked.Output + revoked.Error);
    }

    [Fact]
    public async Task CreatingAKeyForAnUnknownUserFails()
    {
        var result = await cli.RunAsync("apikeys", "create", "--user", "nobody@example.com", "--name", "ci");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("No user has the email nobody@example.com.", result.Error);
        Assert.DoesNotContain(ApiKeySecret.Prefix, result.Output);
    }

    [Fact]
    public async Task RevokingAnUnknownKeyIdFails()
    {
        var result = await cli.RunAsync("apikeys", "revoke", Guid.CreateVersion7().ToString());

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("No API key has the id", result.Error);
    }

    public void Dispose() => cli.Dispose();
}
