using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Core.Insights;

/// <summary>Insights for each store: its companion writer (rollups in the change's transaction), its rows, its upkeep.</summary>
internal static class InsightsRegistration
{
    public static IServiceCollection AddSqliteInsights(this IServiceCollection services)
    {
        services.AddSingleton<SqliteInsightBackfillState>();
        services.AddSingleton<ISqliteMessageChangeBatchWriter, SqliteInsightRollups>();
        services.AddSingleton<IInsightRollupRows, SqliteInsightRollupRows>();
        // The adapter itself (registered under its type by the metered store): the backfill writes through its writer.
        services.AddSingleton<IInsightRollupsMaintenance>(sp => ActivatorUtilities.CreateInstance<SqliteInsightRollupsBackfill>(sp, sp.GetRequiredService<SqliteMessageStore>()));
        return services.AddInsightsReader();
    }

    public static IServiceCollection AddMongoInsights(this IServiceCollection services)
    {
        services.AddSingleton<MongoInsightRollupsBackfill>();
        services.AddSingleton<IMongoMessageChangeWriter, MongoInsightRollups>();
        services.AddSingleton<IInsightRollupRows, MongoInsightRollupRows>();
        services.AddSingleton<IInsightRollupsMaintenance>(sp => sp.GetRequiredService<MongoInsightRollupsBackfill>());
        return services.AddInsightsReader();
    }

    private static IServiceCollection AddInsightsReader(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInsightsReader, InsightsReader>();
        services.AddHostedService<InsightRollupsService>();
        return services;
    }
}
