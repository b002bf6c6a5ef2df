using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Mongo.Identity;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Storage.Sqlite.Identity;

namespace SmsStatusTracker.Core.Accounts;

public static class AccountsRegistration
{
    /// <summary>
    /// Identity's stores on the configured database: hand-written MongoDB stores when <c>ConnectionStrings:Mongo</c>
    /// is set, else EF Core on the SQLite file of <c>ConnectionStrings:Sqlite</c>. Their tables or indexes are
    /// created by <see cref="IIdentityStoreInitializer"/>.
    /// </summary>
    public static IdentityBuilder AddTrackerStores(this IdentityBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        var mongo = configuration.GetConnectionString("Mongo");
        if (!string.IsNullOrWhiteSpace(mongo))
        {
            services.TryAddSingleton(_ => new MongoStoreOptions(mongo));
            services.TryAddSingleton<IMongoClient>(sp => new MongoClient(sp.GetRequiredService<MongoStoreOptions>().CreateClientSettings()));
            services.TryAddSingleton<MongoIdentityCollections>();
            services.AddScoped<IUserStore<TrackerUser>, MongoUserStore>();
            services.AddScoped<IRoleStore<IdentityRole>, MongoRoleStore>();
            services.AddScoped<IAdminGuard, MongoAdminGuard>();
            services.AddSingleton<IIdentityStoreInitializer, MongoIdentityStoreInitializer>();
        }
        else
        {
            var sqlite = new SqliteStoreOptions(configuration.GetConnectionString("Sqlite"));
            services.AddDbContext<TrackerIdentityDbContext>(options => options.UseSqlite(sqlite.ConnectionString));
            builder.AddEntityFrameworkStores<TrackerIdentityDbContext>();
            services.AddScoped<IAdminGuard, SqliteAdminGuard>();
            services.AddSingleton<IIdentityStoreInitializer>(sp => new SqliteIdentityStoreInitializer(sp.GetRequiredService<IServiceScopeFactory>(), sqlite));
        }

        return builder;
    }

    /// <summary>Account management, sign-in links, <c>Auth:*</c> options, and the startup step that creates the
    /// Identity schema, the three roles and the <c>Auth:BootstrapAdmins</c>.</summary>
    public static IServiceCollection AddTrackerAccounts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ActorAuthorizer>();
        services.AddSingleton<AccountAdministration>();
        services.AddScoped<SignInLinks>();
        services.AddHostedService<AccountsInitializer>();
        return services;
    }
}
