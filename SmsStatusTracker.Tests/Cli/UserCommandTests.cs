using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Cli;

[Collection(HeavyTestsCollection.Name)]
public sealed class UserCommandTests : IDisposable
{
    private readonly AppProcess cli = new();

    [Fact]
    public async Task AddedUserIsListedWithItsRole()
    {
        var added = await cli.RunAsync("users", "add", "ops@example.com", "--role", "Operator");
        var listed = await cli.RunAsync("users", "list");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("ops@example.com", added.Output);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Matches(@"(?m)^ops@example\.com\s+Operator\s+active\b", listed.Output);
        Assert.Matches(@"(?m)^admin@localhost\s+Admin\s+active\b", listed.Output);
    }

    [Fact]
    public async Task AddingAnExistingUserFails()
    {
        // admin@localhost already exists: Development's bootstrap admin, created by the same startup step the app runs.
        var result = await cli.RunAsync("users", "add", "admin@localhost", "--role", "Viewer");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("admin@localhost already has an account.", result.Error);
    }

    [Fact]
    public async Task UnknownRoleFailsNamingTheAllowedRoles()
    {
        var result = await cli.RunAsync("users", "add", "ops@example.com", "--role", "Superuser");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("Unknown role 'Superuser': use Admin, Operator, Viewer.", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task DeactivatedUserIsListedAsInactive()
    {
        var added = await cli.RunAsync("users", "add", "viewer@example.com", "--role", "Viewer");
        var deactivated = await cli.RunAsync("users", "deactivate", "viewer@example.com");
        var listed = await cli.RunAsync("users", "list");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(deactivated.ExitCode == 0, deactivated.ToString());
        Assert.Matches(@"(?m)^viewer@example\.com\s+Viewer\s+inactive\b", listed.Output);
        Assert.Matches(@"(?m)^admin@localhost\s+Admin\s+active\b", listed.Output);
    }

    [Fact]
    public async Task DeactivatingTheLastActiveAdminIsRefused()
    {
        var result = await cli.RunAsync("users", "deactivate", "admin@localhost");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("last active admin", result.Error);
    }

    [Fact]
    public async Task DeactivatingAnUnknownUserFails()
    {
        var result = await cli.RunAsync("users", "deactivate", "nobody@example.com");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("No user has the email nobody@example.com.", result.Error);
    }

    public void Dispose() => cli.Dispose();
}
