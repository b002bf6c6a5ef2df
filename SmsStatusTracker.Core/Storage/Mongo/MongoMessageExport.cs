using System.Runtime.CompilerServices;
using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Exports from MongoDB: the log's filter and order (<see cref="MongoQueryBuilder"/>) in keyset batches, each one
/// <c>find</c> under the per-call deadline, so no cursor stays open on the server for the length of a download and a
/// slow reader never trips the deadline of a whole export.
/// </summary>
public sealed class MongoMessageExport(IMongoClient client, MongoStoreOptions options) : IMessageExportSource
{
    private readonly IMongoCollection<MessageDocument> messages =
        options.Database(client).GetCollection<MessageDocument>(MongoStoreOptions.MessagesCollection);

    internal int BatchSize { get; init; } = IMessageExportSource.BatchSize;

    public async IAsyncEnumerable<Message> ReadAsync(MessageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchQuery = MessageExportBatches.First(query);
        while (true)
        {
            var current = batchQuery;
            var documents = await MongoDeadline.RunAsync(options, "read messages for an export", ct =>
                messages.Find(MongoQueryBuilder.WhereWithCursor(current))
                    .Sort(MongoQueryBuilder.Order(current))
                    .Limit(BatchSize)
                    .ToListAsync(ct), cancellationToken);
            Message? last = null;
            foreach (var document in documents)
            {
                last = MongoDocumentMapper.ToMessage(document);
                yield return last;
            }

            if (documents.Count < BatchSize || last is null)
            {
                yield break;
            }

            batchQuery = MessageExportBatches.After(query, last);
        }
    }
}
