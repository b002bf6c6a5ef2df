using SmsStatusTracker.Tests.Infrastructure;
using Xunit.Sdk;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>CI sets MONGODB_URI so the MongoDB suites run there: a configured server that is down must fail them, not skip them.</summary>
public sealed class MongoTestServerTests
{
    [Fact]
    public async Task AConfiguredServerThatDoesNotAnswerFailsTheMongoTestsInsteadOfSkippingThem()
    {
        var nobody = $"mongodb://127.0.0.1:{FreePort.Next()}/?serverSelectionTimeoutMS=300&connectTimeoutMS=300";

        var available = await MongoTestServer.CheckConfiguredAsync(nobody, TestContext.Current.CancellationToken);

        Assert.Null(available.ConnectionString);
        var failure = Assert.Throws<FailException>(() => MongoTestServer.Require(available, "sst_any"));
        Assert.Contains(MongoTestServer.UriVariable, failure.Message, StringComparison.Ordinal);
    }
}
