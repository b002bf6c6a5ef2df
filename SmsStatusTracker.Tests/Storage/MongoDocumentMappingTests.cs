using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// The Mongo adapter's stored shape and filters, checked through the driver's own serializer without a
/// server, so they are covered even where the contract tests skip.
/// </summary>
public sealed class MongoDocumentMappingTests
{
    private static T RoundTrip<T>(T document) => BsonSerializer.Deserialize<T>(document.ToBsonDocument());

    private static BsonDocument Render(FilterDefinition<MessageDocument> filter) =>
        filter.Render(new RenderArgs<MessageDocument>(BsonSerializer.LookupSerializer<MessageDocument>(), BsonSerializer.SerializerRegistry));

    [Fact]
    public void MessageSurvivesTheTripThroughBsonWithEveryFieldAndItsHistory()
    {
        var message = FullyPopulated("SM_bson");

        var back = MongoDocumentMapper.ToMessage(RoundTrip(MongoDocumentMapper.ToDocument(message)));

        AssertSameMessage(message, back);
    }

    [Fact]
    public void ParkedEventSurvivesTheTripThroughBson()
    {
        var parked = Parked("SM_parked", "delivered", 12);
        var withEverything = parked with { Event = parked.Event with { ErrorCode = 30008, ErrorMessage = "Unknown", RawDlrDoneDate = "2503140727", Outcome = StatusEventOutcome.Late } };

        var back = MongoDocumentMapper.ToParked(RoundTrip(MongoDocumentMapper.ToDocument(withEverything)));

        Assert.Equal(InUtc([withEverything]), InUtc([back]));
    }

    [Fact]
    public void StoredMessageUsesStandardGuidsWireStatusNamesStringEnumsAndUtcDates()
    {
        var message = FullyPopulated("SM_shape") with { Status = MessageStatus.PartiallyDelivered };

        var bson = MongoDocumentMapper.ToDocument(message).ToBsonDocument();

        var id = Assert.IsType<BsonBinaryData>(bson["_id"]);
        Assert.Equal(BsonBinarySubType.UuidStandard, id.SubType);
        Assert.Equal(message.Id, id.ToGuid(GuidRepresentation.Standard));
        var resentFrom = Assert.IsType<BsonBinaryData>(bson["resentFromId"]);
        Assert.Equal(BsonBinarySubType.UuidStandard, resentFrom.SubType);
        Assert.Equal(message.ResentFromId, resentFrom.ToGuid(GuidRepresentation.Standard));
        Assert.Equal("partially_delivered", bson["status"].AsString);
        Assert.False(bson["isFinal"].AsBoolean);
        Assert.Equal("Ucs2", bson["encoding"].AsString);
        Assert.Equal(message.CreatedAt.ToUnixTimeMilliseconds(), bson["createdAt"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(message.UpdatedAt.ToUnixTimeMilliseconds(), bson["updatedAt"].AsBsonDateTime.MillisecondsSinceEpoch);
        Assert.Equal(message.ReconciliationGaveUpAt!.Value.ToUnixTimeMilliseconds(), bson["reconciliationGaveUpAt"].AsBsonDateTime.MillisecondsSinceEpoch);
        var firstEvent = bson["history"].AsBsonArray[0].AsBsonDocument;
        Assert.Equal("SendResponse", firstEvent["source"].AsString);
        Assert.Equal("Applied", firstEvent["outcome"].AsString);
        Assert.Equal("Unrecognized", bson["history"].AsBsonArray[2]["outcome"].AsString);
    }

    [Fact]
    public void MessageWithoutSidLeavesTheSidFieldOutSoTheUniqueIndexIgnoresIt()
    {
        var bson = MongoDocumentMapper.ToDocument(Stored(1)).ToBsonDocument();

        Assert.False(bson.Contains("sid"));
        Assert.False(bson.Contains("errorCode"));
        Assert.False(bson.Contains("resentFromId"));
        Assert.False(bson.Contains("reconciliationGaveUpAt"));
    }

    [Fact]
    public void FoldedHistoryCountIsStoredOnceSomethingWasFoldedAndReadsAsZeroWhenAbsent()
    {
        var folded = MongoDocumentMapper.ToDocument(Stored(1) with { FoldedHistoryCount = 251 }).ToBsonDocument();
        var never = MongoDocumentMapper.ToDocument(Stored(2)).ToBsonDocument();

        Assert.Equal(251, folded["foldedHistoryCount"].AsInt32);
        Assert.False(never.Contains("foldedHistoryCount"));
        Assert.Equal(0, MongoDocumentMapper.ToMessage(BsonSerializer.Deserialize<MessageDocument>(never)).FoldedHistoryCount);
    }

    [Fact]
    public void FinalMessageIsStoredAsFinal()
    {
        var bson = MongoDocumentMapper.ToDocument(Stored(1, status: MessageStatus.Delivered)).ToBsonDocument();

        Assert.True(bson["isFinal"].AsBoolean);
    }

    [Fact]
    public void EmptyQueryMatchesEverything()
    {
        Assert.Equal(new BsonDocument(), Render(MongoQueryBuilder.Where(new MessageQuery())));
    }

    [Fact]
    public void QueryRendersEveryFilterOnTheStoredFields()
    {
        var since = T0;
        var until = T0.AddDays(1);
        var query = new MessageQuery
        {
            Statuses = [MessageStatus.Failed, MessageStatus.PartiallyDelivered],
            To = " +15551230001 ",
            From = "MG_x",
            ErrorCode = 30003,
            Since = since,
            Until = until,
        };

        var rendered = Render(MongoQueryBuilder.Where(query));

        var expected = new BsonDocument
        {
            { "status", new BsonDocument("$in", new BsonArray { "failed", "partially_delivered" }) },
            { "to", "+15551230001" },
            { "from", "MG_x" },
            { "errorCode", 30003 },
            { "createdAt", new BsonDocument { { "$gte", since.UtcDateTime }, { "$lt", until.UtcDateTime } } },
        };
        Assert.Equal(expected, rendered);
    }

    [Theory]
    [InlineData("a.b*c", "xxA.B*Cxx", "aXbbbc")]
    [InlineData("(+1)", "call (+1) now", "call +1 now")]
    [InlineData("50%_", "50%_ off", "50x off")]
    [InlineData("[a-z]$", "x[A-Z]$y", "q")]
    public void SearchBecomesALiteralCaseInsensitivePatternOnSidRecipientAndBody(string search, string matching, string notMatching)
    {
        var rendered = Render(MongoQueryBuilder.Where(new MessageQuery { Search = $"  {search} " }));

        var branches = rendered["$or"].AsBsonArray.Select(b => b.AsBsonDocument).ToArray();
        Assert.Equal(["sid", "to", "body"], branches.Select(b => b.Names.Single()));
        var regex = branches.Select(b => b[0].AsBsonRegularExpression).Distinct().Single();
        Assert.Equal("i", regex.Options);
        // .NET's engine reads these escapes as MongoDB's PCRE does.
        Assert.Matches(new Regex(regex.Pattern, RegexOptions.IgnoreCase), matching);
        Assert.DoesNotMatch(new Regex(regex.Pattern, RegexOptions.IgnoreCase), notMatching);
    }

    [Fact]
    public void UnsettledFilterLeavesOutMessagesReconciliationGaveUpOn()
    {
        var rendered = Render(Builders<MessageDocument>.Filter.Eq(d => d.ReconciliationGaveUpAt, null));

        Assert.Equal(new BsonDocument("reconciliationGaveUpAt", BsonNull.Value), rendered);
    }

    [Fact]
    public void IdFilterRendersAStandardBinaryGuid()
    {
        var id = Guid.NewGuid();

        var rendered = Render(Builders<MessageDocument>.Filter.Eq(d => d.Id, id));

        Assert.Equal(new BsonBinaryData(id, GuidRepresentation.Standard), rendered["_id"]);
    }
}
