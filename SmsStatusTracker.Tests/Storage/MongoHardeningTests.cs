using System.Net;
using System.Reflection;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// What the Mongo stores pin and tolerate, checked without a server: collection settings whatever the connection
/// string says, which driver errors mean "try later" and which mean "fix the configuration", and documents from a
/// newer version (extra fields, unknown enum names) that still read.
/// </summary>
public sealed class MongoHardeningTests
{
    private static readonly ConnectionId Connection = new(new ServerId(new ClusterId(1), new DnsEndPoint("db", 27017)));

    [Fact]
    public void EveryStoreReadsFromThePrimaryAndWritesToAJournaledMajorityWhateverTheConnectionStringSays()
    {
        var options = new MongoStoreOptions("mongodb://127.0.0.1:9/tracker?readPreference=secondaryPreferred&w=1&journal=false");
        using var client = new MongoClient(options.CreateClientSettings());
        object[] stores =
        [
            new MongoMessageStore(client, options), new MongoApiKeyStore(client, options), new MongoLeaseStore(client, options),
            new MongoMessageRetention(client, options), new MongoXmlRepository(client, options),
        ];

        var collections = stores.SelectMany(store => store.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(IMongoCollection<>))
            .Select(f => (Name: $"{store.GetType().Name}.{f.Name}", Settings: f.FieldType.GetProperty(nameof(IMongoCollection<object>.Settings))!.GetValue(f.GetValue(store)) as MongoCollectionSettings)))
            .ToArray();

        Assert.Equal(6, collections.Length);
        Assert.All(collections, c =>
        {
            Assert.True(ReadPreference.Primary.Equals(c.Settings!.ReadPreference), c.Name);
            Assert.Equal(WriteConcern.WMajority.With(journal: true), c.Settings.WriteConcern);
        });
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(89)]
    [InlineData(91)]
    [InlineData(112)]
    [InlineData(189)]
    [InlineData(262)]
    [InlineData(9001)]
    [InlineData(10107)]
    [InlineData(11600)]
    [InlineData(11602)]
    [InlineData(13435)]
    [InlineData(13436)]
    public void TransientCommandErrorsMeanTheStoreIsUnavailable(int code)
    {
        var command = new MongoCommandException(Connection, "server said no", new BsonDocument("find", "messages"), new BsonDocument { { "ok", 0 }, { "code", code }, { "errmsg", "x" } });

        var translated = MongoErrors.Translate(command, "MongoDB database tracker at db:27017", "read the message");

        var unavailable = Assert.IsType<StoreUnavailableException>(translated);
        Assert.Same(command, unavailable.InnerException);
    }

    [Fact]
    public void AnUnknownCommandErrorIsLeftAlone()
    {
        var command = new MongoCommandException(Connection, "bad", new BsonDocument("find", "messages"), new BsonDocument { { "ok", 0 }, { "code", 2 }, { "errmsg", "BadValue" } });

        Assert.Null(MongoErrors.Translate(command, "db", "read"));
    }

    [Fact]
    public void RefusedCredentialsAreAConfigurationErrorNamingTheSettingNotATemporaryOutage()
    {
        var refused = new MongoAuthenticationException(Connection, "Unable to authenticate using sasl protocol mechanism SCRAM-SHA-256.");
        var command = new MongoCommandException(Connection, "auth", new BsonDocument("saslStart", 1), new BsonDocument { { "ok", 0 }, { "code", 18 }, { "errmsg", "Authentication failed." } });

        foreach (var exception in new Exception[] { refused, command })
        {
            var translated = MongoErrors.Translate(exception, "MongoDB database tracker at db:27017", "read the message");

            var misconfigured = Assert.IsType<InvalidOperationException>(translated);
            Assert.Contains("ConnectionStrings:Mongo", misconfigured.Message, StringComparison.Ordinal);
            Assert.Contains("authSource=admin", misconfigured.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AMessageFromANewerVersionWithExtraFieldsAndUnknownNamesStillReads()
    {
        var bson = MongoDocumentMapper.ToDocument(FullyPopulated("SM_newer")).ToBsonDocument();
        bson["status"] = "teleported";
        bson["encoding"] = "Utf16Plus";
        bson["addedLater"] = new BsonDocument("nested", 1);
        var firstEvent = bson["history"][0].AsBsonDocument;
        firstEvent["source"] = "CarrierPush";
        firstEvent["outcome"] = "Deferred";
        firstEvent["alsoAddedLater"] = true;

        var message = MongoDocumentMapper.ToMessage(BsonSerializer.Deserialize<MessageDocument>(bson));

        Assert.Equal(MessageStatus.OutcomeUnknown, message.Status);
        Assert.Equal(SmsSegmentCounter.Count(message.Body).Encoding, message.Encoding);
        Assert.Equal(StatusEventSource.Local, message.History[0].Source);
        Assert.Equal(StatusEventOutcome.Unrecognized, message.History[0].Outcome);
        Assert.Equal("SM_newer", message.Sid);
    }

    [Fact]
    public void KnownEnumNamesAreStoredAndReadAsBefore()
    {
        var bson = MongoDocumentMapper.ToDocument(FullyPopulated("SM_names")).ToBsonDocument();

        Assert.Equal("Ucs2", bson["encoding"].AsString);
        Assert.Equal("SendResponse", bson["history"][0]["source"].AsString);
        Assert.Equal(SmsEncoding.Ucs2, MongoDocumentMapper.ToMessage(BsonSerializer.Deserialize<MessageDocument>(bson)).Encoding);
    }

    [Fact]
    public void ParkedApiKeyLeaseAndKeyRingDocumentsIgnoreFieldsTheyDoNotKnow()
    {
        var parked = MongoDocumentMapper.ToDocument(MessageStoreTestData.Parked("SM_p", "sent", 1)).ToBsonDocument();
        parked["addedLater"] = 1;
        parked["event"]["outcome"] = "Deferred";
        var key = new MongoApiKeyStore.ApiKeyDocument { Id = Guid.NewGuid(), UserId = "u", Name = "n", SecretHash = "h", CreatedAt = DateTime.UtcNow }.ToBsonDocument();
        key["Scopes"] = new BsonArray { "send" };
        var lease = new MongoLeaseStore.LeaseDocument { Id = "reconciler", Owner = "a", ExpiresAt = DateTime.UtcNow }.ToBsonDocument();
        lease["fencingToken"] = 3;
        var ring = new MongoXmlRepository.KeyDocument { Id = "key-1", Xml = "<key/>", CreatedAt = DateTime.UtcNow }.ToBsonDocument();
        ring["rotatedBy"] = "b";

        Assert.Equal(StatusEventOutcome.Unrecognized, MongoDocumentMapper.ToParked(BsonSerializer.Deserialize<ParkedStatusEventDocument>(parked)).Event.Outcome);
        Assert.Equal("u", BsonSerializer.Deserialize<MongoApiKeyStore.ApiKeyDocument>(key).UserId);
        Assert.Equal("a", BsonSerializer.Deserialize<MongoLeaseStore.LeaseDocument>(lease).Owner);
        Assert.Equal("<key/>", BsonSerializer.Deserialize<MongoXmlRepository.KeyDocument>(ring).Xml);
    }
}
