using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Invite-only accounts, the last-admin guard, startup checks and the per-user send limit.</summary>
public sealed class AccountAdministrationTests(AccountAdministrationTests.App app) : IClassFixture<AccountAdministrationTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new()
        {
            ["Auth:BootstrapAdmins:0"] = "first-admin@example.com",
            ["RateLimits:SendsPerUser"] = "2",
            ["RateLimits:SendWindow"] = "00:10:00",
        });

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AccountService Accounts => app.Tracker.Accounts;

    [Fact]
    public async Task BootstrapAdminExistsAfterStartup()
    {
        var admin = await Accounts.FindByEmailAsync("first-admin@example.com", Ct);

        Assert.NotNull(admin);
        Assert.Equal(AppRoles.Admin, admin.Role);
        Assert.True(admin.IsActive);
    }

    [Fact]
    public async Task InvitedUserHasTheRoleAndASecondInviteIsRefused()
    {
        var invited = await Accounts.InviteAsync("new-operator@example.com", AppRoles.Operator, Ct);
        var again = await Accounts.InviteAsync("NEW-operator@example.com", AppRoles.Viewer, Ct);

        Assert.True(invited.Succeeded);
        Assert.False(again.Succeeded);
        Assert.Equal(AppRoles.Operator, (await Accounts.FindByIdAsync(invited.UserId!, Ct))?.Role);
    }

    [Theory]
    [InlineData("not-an-email", AppRoles.Viewer)]
    [InlineData("Someone <someone@example.com>", AppRoles.Viewer)]
    [InlineData("fine@example.com", "Superuser")]
    public async Task InviteWithABadAddressOrRoleIsRefused(string email, string role)
    {
        var result = await Accounts.InviteAsync(email, role, Ct);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task TheLastActiveAdminCannotBeDemotedOrDeactivatedButOneOfTwoCan()
    {
        var tracker = new TrackerApp(new() { ["Auth:BootstrapAdmins:0"] = "only@example.com" });
        try
        {
            var devAdmin = await tracker.Accounts.FindByEmailAsync("admin@localhost", Ct);
            if (devAdmin is not null)
            {
                // appsettings.Development.json's dev admin is another admin: take it out of the picture first.
                Assert.True((await tracker.Accounts.ChangeRoleAsync(devAdmin.Id, AppRoles.Viewer, Ct)).Succeeded);
            }

            var only = (await tracker.Accounts.FindByEmailAsync("only@example.com", Ct))!;

            Assert.False((await tracker.Accounts.ChangeRoleAsync(only.Id, AppRoles.Operator, Ct)).Succeeded);
            Assert.False((await tracker.Accounts.DeactivateAsync(only.Id, Ct)).Succeeded);
            Assert.Equal(AppRoles.Admin, (await tracker.Accounts.FindByIdAsync(only.Id, Ct))?.Role);

            var second = await tracker.Accounts.InviteAsync("second@example.com", AppRoles.Admin, Ct);
            Assert.True((await tracker.Accounts.DeactivateAsync(only.Id, Ct)).Succeeded);
            Assert.False((await tracker.Accounts.ChangeRoleAsync(second.UserId!, AppRoles.Viewer, Ct)).Succeeded);
        }
        finally
        {
            tracker.Dispose();
        }
    }

    [Fact]
    public async Task PrincipalForAUserCarriesTheirRoleAndNoneForADeactivatedUser()
    {
        var invited = await Accounts.InviteAsync("principal@example.com", AppRoles.Viewer, Ct);

        var principal = await Accounts.CreatePrincipalAsync(invited.UserId!, Ct);
        Assert.True(principal?.IsInRole(AppRoles.Viewer));
        Assert.Equal("principal@example.com", principal?.Identity?.Name);

        await Accounts.DeactivateAsync(invited.UserId!, Ct);
        Assert.Null(await Accounts.CreatePrincipalAsync(invited.UserId!, Ct));
    }

    [Fact]
    public async Task SendingIsLimitedPerUserWithAClearMessage()
    {
        using var scope = app.Tracker.Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<SmsSender>();
        var busy = await app.Tracker.ActorAsync("busy@example.com");
        await sender.SendAsync(new SendSmsRequest("+15005550006", "one"), busy, Ct);
        await sender.SendAsync(new SendSmsRequest("+15005550006", "two"), busy, Ct);

        var limited = await Assert.ThrowsAsync<SendRateLimitedException>(
            () => sender.SendAsync(new SendSmsRequest("+15005550006", "three"), busy, Ct));

        Assert.True(limited.RetryAfter > TimeSpan.Zero);
        Assert.Contains("too fast", limited.Errors["body"][0], StringComparison.Ordinal);
        // Another user is not affected.
        await sender.SendAsync(new SendSmsRequest("+15005550006", "mine"), await app.Tracker.ActorAsync("calm@example.com"), Ct);
    }

    [Fact]
    public void ProductionWithoutAnSmtpHostFailsStartupNamingTheKey()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(Environments.Production);
            builder.UseSetting("Smtp:Host", "");
            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"smsstatus-prod-{Guid.NewGuid():N}.db")}");
        });

        // The app prints one line naming the key and exits without building its host.
        var errors = new StringWriter();
        var original = Console.Error;
        Console.SetError(errors);
        try
        {
            Assert.ThrowsAny<Exception>(() => factory.Services);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("could not start: Smtp:Host is required", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevMailboxIsAbsentInProductionWhereCookiesAreSecure()
    {
        using var smtp = new SmtpTestServer();
        using var factory = ProductionApp.Create(smtp);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });

        var mailbox = await client.GetAsync("/dev/mailbox", Ct);
        var signIn = await client.GetAsync(IdentityRegistration.SignInPath, Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, mailbox.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
        // Outside Development cookies are Secure-only.
        Assert.Contains("secure", signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }
}
