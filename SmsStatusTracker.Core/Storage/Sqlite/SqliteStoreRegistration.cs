using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Sending.Idempotency;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Storage.Sqlite.Identity;

namespace SmsStatusTracker.Core.Storage.Sqlite;

internal static class SqliteStoreRegistration
{
    /// <summary>
    /// Every store in one SQLite file: messages and API keys on the hand-written adapters, Identity's users and roles
    /// on EF Core (the stores <c>AddEntityFrameworkStores</c> would register, without needing the IdentityBuilder).
    /// </summary>
    public static IServiceCollection AddSqliteStores(this IServiceCollection services, string? connectionString)
    {
        var options = new SqliteStoreOptions(connectionString);
        services.AddSingleton(options);
        services.AddSingleton<IMessageStore, SqliteMessageStore>();
        services.AddSqliteInsights();
        services.AddSingleton<IApiKeyStore, SqliteApiKeyStore>();
        services.AddKeyedSingleton<IXmlRepository, SqliteXmlRepository>(KeyRingRegistration.ServiceKey);
        services.AddSingleton<ILeaseStore, SqliteLeaseStore>();
        services.AddSingleton<IIdempotencyStore, SqliteIdempotencyStore>();
        services.AddSingleton<IMessageRetention, SqliteMessageRetention>();
        services.AddSingleton<IMessageExportSource, SqliteMessageExport>();
        services.AddSingleton<ActivityLog.IActivityLog, SqliteActivityLog>();
        services.AddSingleton<Alerts.IAlertStore, SqliteAlertStore>();
        services.AddSingleton<Alerts.IAlertMetrics, SqliteAlertMetrics>();
        services.AddSingleton<ISqliteMessageChangeWriter, SqliteOutboxWriter>().AddSingleton<OutboundWebhooks.IOutboxStore, SqliteOutboxStore>();

        services.AddDbContext<TrackerIdentityDbContext>(db => db.UseSqlite(options.ConnectionString));
        services.AddScoped<IUserStore<TrackerUser>, UserStore<TrackerUser, IdentityRole, TrackerIdentityDbContext, string>>();
        services.AddScoped<IUserDirectory, SqliteUserDirectory>();
        services.AddScoped<IRoleStore<IdentityRole>, RoleStore<IdentityRole, TrackerIdentityDbContext, string>>();
        services.AddScoped<IAdminGuard, SqliteAdminGuard>();
        services.AddSingleton<IIdentityStoreInitializer>(sp => new SqliteIdentityStoreInitializer(sp.GetRequiredService<IServiceScopeFactory>(), options));
        return services;
    }
}
