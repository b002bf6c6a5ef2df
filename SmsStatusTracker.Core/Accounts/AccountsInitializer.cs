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
        await using (var scope = scopes.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in AppRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    // Another instance may create it at the same moment; the unique index keeps one.
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

        logger.LogInformation("Accounts ready; {Count} bootstrap admin address(es) configured", options.Value.BootstrapAdmins.Length);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
