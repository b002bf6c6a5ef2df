using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Accounts;

public static class AccountsRegistration
{
    /// <summary>Account management, sign-in links, <c>Auth:*</c> options, and the startup step that creates the
    /// Identity schema, the three roles and the <c>Auth:BootstrapAdmins</c>. The stores themselves come from
    /// <c>Storage.StorageRegistration.AddTrackerStorage</c>.</summary>
    public static IServiceCollection AddTrackerAccounts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ActorAuthorizer>();
        services.AddSingleton<AccountAdministration>();
        ActivityLog.ActivityRegistration.AddActivityLog(services);
        services.AddScoped<SignInLinks>();
        services.AddHostedService<AccountsInitializer>();
        return services;
    }
}
