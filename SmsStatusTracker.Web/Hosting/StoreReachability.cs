using MongoDB.Bson;
using MongoDB.Driver;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Asks the configured MongoDB for a ping before anything else uses it, so an unreachable server (or refused
/// credentials) stops start-up with one line naming <c>ConnectionStrings:Mongo</c> instead of a hosted service's
/// stack trace. The driver's own timeouts apply (<c>serverSelectionTimeoutMS</c> in the connection string).
/// </summary>
public static class StoreReachability
{
    public const string MongoKey = "ConnectionStrings:Mongo";

    public static async Task EnsureStoreReachableAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(services.GetRequiredService<IConfiguration>().GetConnectionString("Mongo")))
        {
            return;
        }

        try
        {
            var admin = services.GetRequiredService<IMongoClient>().GetDatabase("admin");
            await admin.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or MongoException)
        {
            // The driver's messages go on to describe the whole cluster; their first clause is the useful part (and
            // the connection string itself, which may carry a password, is never repeated).
            var cause = FirstClause(exception.GetBaseException().Message);
            throw new InvalidOperationException(
                $"{MongoKey} names a MongoDB server that could not be reached or refused the connection ({cause}). " +
                "Check that the server runs and the connection string's host, port and credentials; unset it to use SQLite.");
        }
    }

    private static string FirstClause(string message)
    {
        var end = message.Length;
        foreach (var stop in new[] { " using ", ". ", "\n" })
        {
            var at = message.IndexOf(stop, StringComparison.Ordinal);
            if (at > 0 && at < end)
            {
                end = at;
            }
        }

        return message[..Math.Min(end, 200)].Trim().TrimEnd('.');
    }
}
