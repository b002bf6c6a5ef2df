using MongoDB.Bson;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Tests.Hosting;

/// <summary>What a MongoDB server says of itself decides whether the tracker can run on it (transactions).</summary>
public sealed class StoreReachabilityTests
{
    [Fact]
    public void AReplicaSetMemberCanRunTransactions() =>
        Assert.True(StoreReachability.IsReplicaSetOrRouter(new BsonDocument { ["isWritablePrimary"] = true, ["setName"] = "rs0" }));

    [Fact]
    public void AShardedClustersRouterCanRunTransactions() =>
        Assert.True(StoreReachability.IsReplicaSetOrRouter(new BsonDocument { ["isWritablePrimary"] = true, ["msg"] = "isdbgrid" }));

    [Fact]
    public void AStandaloneServerCannot() =>
        Assert.False(StoreReachability.IsReplicaSetOrRouter(new BsonDocument { ["isWritablePrimary"] = true, ["maxWireVersion"] = 21 }));
}
