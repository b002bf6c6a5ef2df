using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// The Data Protection key ring in the <c>data_protection_keys</c> collection, shared by every replica on the
/// database. Data Protection calls this synchronously and rarely (the ring is cached and refreshed about daily).
/// </summary>
public sealed class MongoXmlRepository(IMongoClient client, MongoStoreOptions options) : IXmlRepository
{
    public const string Collection = "data_protection_keys";

    private readonly IMongoCollection<KeyDocument> keys = options.Database(client).GetCollection<KeyDocument>(Collection);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        try
        {
            return keys.Find(Builders<KeyDocument>.Filter.Empty).Sort(InOrderStored).ToList()
                .Select(d => XElement.Parse(d.Xml))
                .ToArray();
        }
        catch (Exception exception) when (MongoErrors.Translate(exception, options.Description, "read the key ring") is { } translated)
        {
            throw translated;
        }
    }

    // A handful of documents: sorted in memory by the server, the id breaking ties within a millisecond.
    internal static SortDefinition<KeyDocument> InOrderStored { get; } =
        Builders<KeyDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);

    public void StoreElement(XElement element, string friendlyName)
    {
        try
        {
            keys.InsertOne(new KeyDocument { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = DateTime.UtcNow });
        }
        catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            // Key elements are never rewritten; a name stored twice keeps the first.
        }
        catch (Exception exception) when (MongoErrors.Translate(exception, options.Description, "store a key ring element") is { } translated)
        {
            throw translated;
        }
    }

    [BsonIgnoreExtraElements]
    internal sealed class KeyDocument
    {
        [BsonId]
        public string Id { get; set; } = "";

        [BsonElement("xml")]
        public string Xml { get; set; } = "";

        [BsonElement("createdAt")]
        public DateTime CreatedAt { get; set; }
    }
}
