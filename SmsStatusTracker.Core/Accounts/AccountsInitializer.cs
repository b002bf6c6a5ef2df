using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>At startup: the Identity schema, the three roles, and an Admin account for each <c>Auth:BootstrapAdmins</c> address.</summary>
internal sealed class AccountsInitializer(
    IIdentityStoreInitializer store,
    IServiceScopeFactory scopes,
    AccountService accounts,
    IOptions<AuthOptions> options,
    ILogger<AccountsInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SeedAsync(cancellationToken);
                break;
            }
            catch (Exception exception) when (attempt < 3 && exception is not (OperationCanceledException or InvalidOperationException))
            {
                // Replicas starting together on a fresh store race to create the same roles and admins; the unique
                // indexes keep the first, the loser's insert fails. Looking again (in a new scope) finds them there.
                logger.LogInformation("Roles or bootstrap admins were created by another instance at the same moment ({Error}); checking again", exception.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }

        logger.LogInformation("Accounts ready; {Count} bootstrap admin address(es) configured", options.Value.BootstrapAdmins.Length);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in AppRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }
        }

        foreach (var email in options.Value.BootstrapAdmins.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            var result = await accounts.EnsureAdminAsync(email, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Auth:BootstrapAdmins: could not create {email}: {result.Error}");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
