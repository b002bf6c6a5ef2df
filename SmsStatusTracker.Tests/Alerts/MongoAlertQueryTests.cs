using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage.Mongo;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>
/// The MongoDB alert queries, rendered by the driver (no server): each starts on the leading key of an index that
/// already exists and repeats its partial condition, and the open-occurrence index is unique and partial.
/// </summary>
public sealed class MongoAlertQueryTests
{
    [Fact]
    public void CallbacksMissingWalkTheUnsettledIndexAndRepeatItsPartialCondition()
    {
        var filter = Render(MongoAlertMetrics.WithoutCallback(T0, T0.AddMinutes(5))).ToString();
        var index = MongoIndexes.Messages.Single(i => i.Options.Name == "ix_messages_unsettled_updated_id");

        Assert.Contains("\"isFinal\" : false", filter, StringComparison.Ordinal);
        Assert.Contains("\"reconciliationGaveUpAt\" : null", filter, StringComparison.Ordinal);
        Assert.Contains("\"updatedAt\" : { \"$gte\"", filter, StringComparison.Ordinal);
        Assert.Contains("\"history\" : { \"$not\" : { \"$elemMatch\" : { \"source\" : \"Callback\" } } }", filter, StringComparison.Ordinal);
        Assert.Equal(["reconciliationGaveUpAt", "updatedAt", "_id"], Render(index.Keys).Names);
    }

    [Fact]
    public void OutcomesAndDeliveryTimesWalkTheStatusIndexOverACreatedRange()
    {
        var filter = Render(MongoAlertMetrics.Created(["failed", "undelivered"], T0, T0.AddMinutes(15))).ToString();
        var index = MongoIndexes.Messages.Single(i => i.Options.Name == "ix_messages_status_created_id");

        Assert.Contains("\"status\" : { \"$in\" : [\"failed\", \"undelivered\"] }", filter, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\" : { \"$gte\"", filter, StringComparison.Ordinal);
        Assert.Equal(["status", "createdAt", "_id"], Render(index.Keys).Names);
    }

    [Fact]
    public void ARuleHasOneOpenOccurrenceByAUniquePartialIndex()
    {
        var open = MongoIndexes.AlertOccurrences.Single(i => i.Options.Name == "ux_alert_occurrences_open_rule");
        var options = Assert.IsType<CreateIndexOptions<AlertOccurrenceDocument>>(open.Options);

        Assert.True(options.Unique);
        Assert.Equal(new BsonDocument("open", true), Render(options.PartialFilterExpression!));
        Assert.Equal(["ruleId"], Render(open.Keys).Names);
    }

    private static BsonDocument Render<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    private static BsonDocument Render<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);
}
