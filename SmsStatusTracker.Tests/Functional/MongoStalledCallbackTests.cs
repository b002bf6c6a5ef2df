using System.Diagnostics;
using System.Net;
using MongoDB.Bson;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage.Wire;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The whole app on a MongoDB that answered at start-up and then stopped answering (<see cref="RecordingMongoServer"/>):
/// a status callback gets 503 within <c>Mongo:OperationTimeout</c>, long before Twilio's 15 s, so Twilio retries.
/// </summary>
public sealed class MongoStalledCallbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallbackWhileMongoStopsAnsweringGets503WithinTheOperationTimeout()
    {
        await using var server = new RecordingMongoServer { Respond = InsightsBackfillDone };
        using var app = new TrackerApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Mongo"] = server.ConnectionString(),
            ["Mongo:OperationTimeout"] = "00:00:01",
            // The stub keeps nothing, so a bootstrap admin could never find the role it was just given.
            ["Auth:BootstrapAdmins:0"] = "",
        });
        using var http = app.CreateHttpClient();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(Guid.NewGuid()));
        var sid = SignedCallback.NewSid();

        server.Stall = true;
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(SignedCallback.Request(url, SignedCallback.Form(sid, "delivered")), Ct)
            .WaitAsync(TimeSpan.FromSeconds(15), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed}");
        Assert.Contains("find", server.CommandNames);
    }

    /// <summary>The stub keeps nothing; start-up's insights backfill reads its state document back, and finds it done.</summary>
    private static BsonDocument InsightsBackfillDone(BsonDocument command) =>
        command.GetElement(0) is { Name: "find", Value: var collection } && collection == MongoInsightRollupDocuments.StateCollection
            ? new BsonDocument
            {
                { "cursor", new BsonDocument { { "id", 0L }, { "ns", $"{command.GetValue("$db")}.{collection}" }, { "firstBatch", new BsonArray { new BsonDocument { { "_id", "backfill" }, { "done", true } } } } } },
                { "ok", 1 },
            }
            : RecordingMongoServer.EmptySuccess(command);
}
