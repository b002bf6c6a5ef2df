using MongoDB.Driver;
using Testcontainers.MongoDb;

[assembly: AssemblyFixture(typeof(SmsStatusTracker.Tests.Storage.MongoTestServer))]

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// One MongoDB server for the whole test run: <c>MONGODB_URI</c> when set, else a Testcontainers container.
/// Started on first use only, so runs without Mongo tests pay nothing; when neither is available the reason
/// is kept and every Mongo test skips with it.
/// </summary>
public sealed class MongoTestServer : IAsyncDisposable
{
    public const string UriVariable = "MONGODB_URI";

    private readonly SemaphoreSlim gate = new(1, 1);
    private MongoDbContainer? container;
    private Availability? availability;

    /// <summary>A server to use, or why the Mongo tests skip (nothing configured) or fail (configured but not answering).</summary>
    public sealed record Availability(string? ConnectionString, string? SkipReason, string? FailReason = null);

    public async Task<Availability> GetAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (availability is null)
            {
                availability = await StartAsync(cancellationToken);
                if (availability.SkipReason is { } reason)
                {
                    // Once per run, in the runner's output: every MongoDB test below is skipped for this reason.
                    TestContext.Current.SendDiagnosticMessage($"MongoDB tests are SKIPPED: {reason}");
                }
            }

            return availability;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The connection string for <paramref name="databaseName"/> on the server; the test is skipped, with the reason, where none answers.</summary>
    public async Task<string> DatabaseOrSkipAsync(string databaseName, CancellationToken cancellationToken)
    {
        return Require(await GetAsync(cancellationToken), databaseName);
    }

    /// <summary>The database's connection string; skips when no server was configured, fails when the configured one does not answer.</summary>
    public static string Require(Availability available, string databaseName)
    {
        if (available.FailReason is { } failure)
        {
            // CI sets MONGODB_URI so that these suites run: a server that does not answer must turn the run red, not skip it.
            Assert.Fail(failure);
        }

        if (available.ConnectionString is null)
        {
            Assert.Skip($"MongoDB not available: {available.SkipReason}");
        }

        return WithDatabase(available.ConnectionString, databaseName);
    }

    /// <summary>The server's connection string pointing at <paramref name="databaseName"/>, credentials kept working.</summary>
    public static string WithDatabase(string connectionString, string databaseName)
    {
        var builder = new MongoUrlBuilder(connectionString);
        if (builder.Username is not null && builder.AuthenticationSource is null)
        {
            // Without authSource the path's database is also where the user is looked up; keep the original one.
            builder.AuthenticationSource = builder.DatabaseName ?? "admin";
        }

        builder.DatabaseName = databaseName;
        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }

        gate.Dispose();
    }

    /// <summary>Pings the server <paramref name="uri"/> names; an answer makes it the test server, no answer a failure reason.</summary>
    public static async Task<Availability> CheckConfiguredAsync(string uri, CancellationToken cancellationToken)
    {
        try
        {
            var settings = MongoClientSettings.FromConnectionString(uri);
            if (!uri.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase))
            {
                settings.ServerSelectionTimeout = TimeSpan.FromSeconds(20);
            }

            using var client = new MongoClient(settings);
            await client.GetDatabase("admin").RunCommandAsync<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return new Availability(uri, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The message may quote the URI; only the exception type and first line are kept, never credentials.
            return new Availability(null, null,
                $"{UriVariable} is set but the MongoDB server there did not answer a ping ({exception.GetType().Name}: {FirstLine(exception.Message)}). " +
                $"Unset {UriVariable} to skip the MongoDB suites.");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private async Task<Availability> StartAsync(CancellationToken cancellationToken)
    {
        // An explicitly configured server must answer: if it does not, every Mongo test fails rather than skips.
        if (Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri)
        {
            return await CheckConfiguredAsync(uri, cancellationToken);
        }

        try
        {
            container = new MongoDbBuilder("mongo:8.0").Build();
            await container.StartAsync(cancellationToken);
            return new Availability(container.GetConnectionString(), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new Availability(null, $"{UriVariable} is not set and Testcontainers could not start MongoDB ({exception.GetType().Name}: {FirstLine(exception.Message)})");
        }
    }
}
