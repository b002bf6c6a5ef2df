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

    public sealed record Availability(string? ConnectionString, string? SkipReason);

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
        var available = await GetAsync(cancellationToken);
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

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private async Task<Availability> StartAsync(CancellationToken cancellationToken)
    {
        // An explicitly configured server is used as is: if it is unreachable, the tests fail rather than skip.
        if (Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri)
        {
            return new Availability(uri, null);
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
