using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Deployment;

/// <summary>The workflow is the one place the MongoDB suites run: it must give them a server and run the README's command.</summary>
public sealed class CiWorkflowTests
{
    [Fact]
    public async Task TheWorkflowRunsTheTestCommandWithAMongoReplicaSetNamedByMongodbUriAndBuildsTheImage()
    {
        var workflow = await File.ReadAllTextAsync(
            Path.Combine(ContainerFilesTests.RepositoryRoot, ".github", "workflows", "ci.yml"), TestContext.Current.CancellationToken);

        Assert.Matches($"(?m)^      {MongoTestServer.UriVariable}: mongodb://\\S+replicaSet=rs0", workflow);
        Assert.Contains("--replSet rs0", workflow, StringComparison.Ordinal);
        Assert.Contains("rs.initiate(", workflow, StringComparison.Ordinal);
        Assert.Matches("(?m)^        run: dotnet test$", workflow);
        Assert.Contains("apt-get install -y -qq redis-server docker-compose", workflow, StringComparison.Ordinal);
        Assert.Matches("(?m)^        run: docker build ", workflow);
    }
}
