using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Sqlite.Identity;

internal sealed class SqliteIdentityStoreInitializer(IServiceScopeFactory scopes, SqliteStoreOptions options) : IIdentityStoreInitializer
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var scope = scopes.CreateAsyncScope();
        await SqliteIdentitySchema.CreateMissingAsync(scope.ServiceProvider.GetRequiredService<TrackerIdentityDbContext>(), cancellationToken);
    }
}
