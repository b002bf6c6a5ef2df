using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage.Mongo;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Asks the configured MongoDB who it is (<c>hello</c>) before anything else uses it, so an unreachable server,
/// refused credentials or a standalone server (no transactions) stops start-up with one line naming
/// <c>ConnectionStrings:Mongo</c> instead of a hosted service's stack trace or a later failure. The driver's own timeouts apply (<c>serverSelectionTimeoutMS</c> in the connection string).
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
            await services.GetRequiredService<MongoStoreOptions>().ResolveDnsAsync(cancellationToken);
            var admin = services.GetRequiredService<IMongoClient>().GetDatabase("admin");
            var hello = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
            if (!IsReplicaSetOrRouter(hello))
            {
                throw new InvalidOperationException(
                    $"{MongoKey} names a standalone MongoDB server: the tracker needs a replica set (a single-node one is " +
                    "enough: start mongod with --replSet and run rs.initiate()), because deactivating users and changing " +
                    "admins run in transactions.");
            }
        }
        catch (MongoAuthenticationException)
        {
            // Retrying cannot fix refused credentials; the usual cause is a user defined in admin without authSource=admin.
            throw new InvalidOperationException(
                $"{MongoKey} names a MongoDB server that refused the login: check the user name, password and authSource " +
                "(users created in the admin database, and Atlas users, need authSource=admin).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"{MongoKey} is a mongodb+srv address whose DNS records could not be looked up within Mongo:OperationTimeout.");
        }
        catch (Exception exception) when (exception is TimeoutException or MongoException or System.Net.Sockets.SocketException or DnsClient.DnsResponseException)
        {
            // The driver's messages go on to describe the whole cluster; their first clause is the useful part (and
            // the connection string itself, which may carry a password, is never repeated).
            var cause = FirstClause(exception.GetBaseException().Message);
            throw new InvalidOperationException(
                $"{MongoKey} names a MongoDB server that could not be reached or refused the connection ({cause}). " +
                "Check that the server runs and the connection string's host, port and credentials; unset it to use SQLite.");
        }
    }

    /// <summary>Transactions need a replica set member (<c>setName</c>) or a sharded cluster's router (<c>isdbgrid</c>).</summary>
    public static bool IsReplicaSetOrRouter(BsonDocument hello) =>
        hello.Contains("setName") || hello.TryGetValue("msg", out var msg) && msg == "isdbgrid";

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
