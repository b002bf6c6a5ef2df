using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// Every filter and sort the Mongo stores send, rendered by the driver (no server), against the indexes they declare
/// in <see cref="MongoIndexes"/>: each query has an index whose partial condition it repeats (the planner uses a
/// partial index only then) and whose keys, after the equality-matched ones, are the sort (so no in-memory sort).
/// </summary>
public sealed class MongoIndexCoverageTests
{
    public static TheoryData<string> MessageQueries => new(MessageQueryCases.Keys);

    internal static readonly Dictionary<string, (FilterDefinition<MessageDocument> Filter, SortDefinition<MessageDocument> Sort)> MessageQueryCases = new()
    {
        ["callback lookup by SID"] = (MongoMessageStore.BySid("SM0123"), Builders<MessageDocument>.Sort.Combine()),
        ["unsettled messages"] = (MongoMessageStore.Unsettled(T0), MongoMessageStore.UnsettledOrder),
        ["resends of a message"] = (MongoMessageStore.ResendsOf(Guid.NewGuid()), MongoMessageStore.ResendsOrder),
        ["list, no filter"] = List(new MessageQuery()),
        ["list, older page"] = List(new MessageQuery { Before = new MessageCursor(1_700_000_000_000, Guid.NewGuid()) }),
        ["list, newer page"] = List(new MessageQuery { After = new MessageCursor(1_700_000_000_000, Guid.NewGuid()) }),
        ["list, one status"] = List(new MessageQuery { Statuses = [MessageStatus.Failed] }),
        ["list, several statuses"] = List(new MessageQuery { Statuses = [MessageStatus.Failed, MessageStatus.Undelivered] }),
        ["list, recipient"] = List(new MessageQuery { To = "+15551230001" }),
        ["list, sender"] = List(new MessageQuery { From = "+15005550006" }),
        ["list, error code"] = List(new MessageQuery { ErrorCode = 30003 }),
        ["list, time range"] = List(new MessageQuery { Since = T0, Until = T0.AddDays(1) }),
        ["list, search"] = List(new MessageQuery { Search = "hello there" }),
        ["list, status and recipient, older page"] = List(new MessageQuery { Statuses = [MessageStatus.Sent], To = "+15551230001", Before = new MessageCursor(1_700_000_000_000, Guid.NewGuid()) }),
    };

    [Theory]
    [MemberData(nameof(MessageQueries))]
    public void EveryMessageQueryIsAnIndexWalkInSortOrder(string name)
    {
        var (filter, sort) = MessageQueryCases[name];

        AssertCovered(Render(filter), Render(sort), MongoIndexes.Messages);
    }

    [Fact]
    public void TheCallbackLookupRepeatsTheSidIndexPartialCondition()
    {
        var filter = Render(MongoMessageStore.BySid("SM0123"));
        var partial = Render(Assert.IsType<CreateIndexOptions<MessageDocument>>(MongoIndexes.Messages.Single(i => i.Options.Name == "ux_messages_sid").Options).PartialFilterExpression);

        Assert.Equal(new BsonDocument("sid", new BsonDocument("$type", 2)), partial);
        Assert.True(Implies(filter, partial), $"{filter} does not repeat {partial}");
        Assert.Contains(Clauses(filter), c => c is ("sid", { } value) && value == new BsonDocument("$eq", "SM0123"));
    }

    [Fact]
    public void TheUnsettledQueryNeverReadsMessagesReconciliationGaveUpOn()
    {
        // Given-up messages carry a date in the key that comes before updatedAt; the query asks for null there, so
        // the index walk skips them instead of reading and discarding them on every pass.
        var index = Render(MongoIndexes.Messages.Single(i => i.Options.Name == "ix_messages_unsettled_updated_id").Keys);

        Assert.Equal(["reconciliationGaveUpAt", "updatedAt", "_id"], index.Names);
        Assert.Contains(Clauses(Render(MongoMessageStore.Unsettled(T0))), c => c is ("reconciliationGaveUpAt", { } value) && value == new BsonDocument("$eq", BsonNull.Value));
    }

    [Fact]
    public void ParkedCallbacksOfASidAreAnIndexWalkInArrivalOrderWithATieBreak()
    {
        var sort = Render(MongoMessageStore.ParkedOrder);

        Assert.Equal(["receivedAt", "_id"], sort.Names);
        AssertCovered(Render(MongoMessageStore.ParkedBySid("SM0123")), sort, MongoIndexes.Parked);
    }

    [Theory]
    [InlineData("user-1")]
    [InlineData(null)]
    public void ApiKeyListsAreAnIndexWalkNewestFirstWithATieBreak(string? userId)
    {
        var sort = Render(MongoApiKeyStore.NewestFirst);

        Assert.Equal(["CreatedAt", "_id"], sort.Names); // API key documents keep their property names
        AssertCovered(Render(MongoApiKeyStore.Owned(userId)), sort, MongoIndexes.ApiKeys);
    }

    [Fact]
    public void AConversationsRepliesAreAnIndexWalkNewestFirstWithATieBreak()
    {
        var sort = Render(MongoInboundMessageStore.NewestFirst);

        Assert.Equal(["receivedAt", "sid"], sort.Names);
        AssertCovered(Render(MongoInboundMessageStore.FromNumber("+15551230001")), sort, MongoIndexes.InboundMessages);
    }

    [Fact]
    public void ANumbersOptOutTrailIsAnIndexWalkOldestFirstWithATieBreak()
    {
        var sort = Render(MongoOptOutStore.TrailOrder);

        Assert.Equal(["at", "_id"], sort.Names);
        AssertCovered(Render(MongoOptOutStore.Trail("+15551230001")), sort, MongoIndexes.OptOutEntries);
    }

    [Fact]
    public void IndexesWhoseKeysChangedGetNewNamesAndTheOldOnesAreRetired()
    {
        var current = MongoIndexes.Messages.Select(i => i.Options.Name)
            .Concat(MongoIndexes.Parked.Select(i => i.Options.Name))
            .Concat(MongoIndexes.ApiKeys.Select(i => i.Options.Name))
            .Concat(MongoIndexes.InboundMessages.Select(i => i.Options.Name))
            .Concat(MongoIndexes.OptOutEntries.Select(i => i.Options.Name))
            .ToArray();
        var retired = MongoIndexes.RetiredMessages.Concat(MongoIndexes.RetiredParked).Concat(MongoIndexes.RetiredApiKeys)
            .Concat(MongoIndexes.RetiredInboundMessages).Concat(MongoIndexes.RetiredOptOutEntries).ToArray();

        Assert.Equal(current.Length, current.Distinct().Count());
        Assert.Empty(current.Intersect(retired));
        Assert.Contains("ix_messages_status_created", retired);
        Assert.Contains("ix_messages_to_created", retired);
        Assert.Contains("ix_messages_unsettled", retired);
        Assert.Contains("ix_parked_sid", retired);
    }

    private static (FilterDefinition<MessageDocument>, SortDefinition<MessageDocument>) List(MessageQuery query) =>
        (MongoQueryBuilder.WhereWithCursor(query), MongoQueryBuilder.Order(query));

    /// <summary>Some index's partial condition is implied by <paramref name="filter"/> and its keys give <paramref name="sort"/>.</summary>
    private static void AssertCovered<T>(BsonDocument filter, BsonDocument sort, IReadOnlyList<CreateIndexModel<T>> indexes)
    {
        var usable = indexes.Where(index => Partial(index) is not { } partial || Implies(filter, partial)).ToArray();
        Assert.True(
            usable.Any(index => Gives(Render(index.Keys), filter, sort)),
            $"No declared index walks {filter} in the order {sort}; usable: {string.Join(", ", usable.Select(i => i.Options.Name))}");
    }

    private static BsonDocument? Partial<T>(CreateIndexModel<T> index) =>
        index.Options is CreateIndexOptions<T> { PartialFilterExpression: { } partial } ? Render(partial) : null;

    /// <summary>
    /// The keys equality-matched by the filter come first (at least one, when the filter has such a condition); the
    /// rest start with the sort, all one way or all reversed.
    /// </summary>
    private static bool Gives(BsonDocument keys, BsonDocument filter, BsonDocument sort)
    {
        var equalities = Clauses(filter).Where(c => IsEquality(c.Condition)).Select(c => c.Field).ToHashSet();
        var keyList = keys.Elements.ToList();
        var start = 0;
        while (start < keyList.Count && equalities.Contains(keyList[start].Name) && !sort.Contains(keyList[start].Name))
        {
            start++;
        }

        if (start == 0 && equalities.Except(sort.Names).Any())
        {
            return false; // walks every document in order, testing the equality on each: not what an index is for
        }

        var rest = keyList.Skip(start).Take(sort.ElementCount).ToList();
        if (rest.Count < sort.ElementCount || !rest.Select(k => k.Name).SequenceEqual(sort.Names))
        {
            return false;
        }

        var same = rest.Zip(sort.Elements).All(p => p.First.Value.ToInt32() == p.Second.Value.ToInt32());
        var reversed = rest.Zip(sort.Elements).All(p => p.First.Value.ToInt32() == -p.Second.Value.ToInt32());
        return same || reversed;
    }

    /// <summary>Every clause of the partial condition is among the filter's (an equality on a value also implies <c>$exists: true</c>).</summary>
    private static bool Implies(BsonDocument filter, BsonDocument partial)
    {
        var clauses = Clauses(filter);
        return Clauses(partial).All(wanted =>
            clauses.Any(c => c.Field == wanted.Field && c.Condition == wanted.Condition)
            || wanted.Condition == new BsonDocument("$exists", true)
               && clauses.Any(c => c.Field == wanted.Field && c.Condition.TryGetValue("$eq", out var v) && !v.IsBsonNull));
    }

    private static bool IsEquality(BsonDocument condition) =>
        condition.Contains("$eq") || condition.Contains("$in") || condition.Contains("$all");

    /// <summary>The filter's top-level conditions, one operator each, with <c>$and</c> flattened and <c>field: v</c> read as <c>$eq</c>.</summary>
    private static List<(string Field, BsonDocument Condition)> Clauses(BsonDocument filter)
    {
        var clauses = new List<(string, BsonDocument)>();
        foreach (var element in filter)
        {
            if (element.Name == "$and")
            {
                clauses.AddRange(element.Value.AsBsonArray.SelectMany(part => Clauses(part.AsBsonDocument)));
            }
            else if (element.Name.StartsWith('$'))
            {
                continue; // $or and the like: no index bound to rely on
            }
            else if (element.Value is BsonDocument operators && operators.ElementCount > 0 && operators.Names.All(n => n.StartsWith('$')))
            {
                clauses.AddRange(operators.Select(op => (element.Name, new BsonDocument(op.Name, op.Value))));
            }
            else
            {
                clauses.Add((element.Name, new BsonDocument("$eq", element.Value)));
            }
        }

        return clauses;
    }

    private static BsonDocument Render<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    private static BsonDocument Render<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    private static BsonDocument Render<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    private static RenderArgs<T> Args<T>() => new(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);
}
