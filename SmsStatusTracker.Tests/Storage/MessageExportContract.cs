using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// What every <see cref="IMessageExportSource"/> adapter must do: read exactly what the log lists for the same filter,
/// in the same order, across many keyset batches (tiny batches here, so ties and batch edges are crossed often).
/// </summary>
public abstract class MessageExportContract : IAsyncLifetime
{
    protected const int SmallBatch = 4;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialised store and an export source reading <paramref name="batchSize"/> rows per query.</summary>
    protected abstract Task<(IMessageStore Store, IMessageExportSource Export)> CreateAsync(int batchSize);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    public static TheoryData<string> Filters => new(Queries.Keys);

    private static readonly Dictionary<string, MessageQuery> Queries = new()
    {
        ["everything newest first"] = new MessageQuery(),
        ["everything oldest first"] = new MessageQuery { Sort = MessageSort.OldestFirst },
        ["one status"] = new MessageQuery { Statuses = [MessageStatus.Delivered] },
        ["two statuses oldest first"] = new MessageQuery { Statuses = [MessageStatus.Delivered, MessageStatus.Failed], Sort = MessageSort.OldestFirst },
        ["two statuses newest first"] = new MessageQuery { Statuses = [MessageStatus.Delivered, MessageStatus.Failed] },
        ["recipient"] = new MessageQuery { To = "+15552009999" },
        ["error code"] = new MessageQuery { ErrorCode = 30003 },
        ["time range"] = new MessageQuery { Since = T0.AddMinutes(3), Until = T0.AddMinutes(9) },
        ["search"] = new MessageQuery { Search = "INVOICE" },
        ["search and status"] = new MessageQuery { Search = "invoice", Statuses = [MessageStatus.Failed], Sort = MessageSort.OldestFirst },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task AnExportReadsWhatTheLogListsInItsOrderAcrossBatches(string filter)
    {
        var (store, export) = await CreateAsync(SmallBatch);
        await SeedAsync(store);
        var query = Queries[filter];

        var exported = await export.ReadAsync(query, Ct).ToListAsync(Ct);

        var listed = await ListEverythingAsync(store, query);
        Assert.NotEmpty(listed);
        AssertSameMessages(listed, exported);
    }

    [Fact]
    public async Task AnExportIgnoresTheLogsPagingAndReadsTheWholeFilter()
    {
        var (store, export) = await CreateAsync(SmallBatch);
        await SeedAsync(store);
        var all = await ListEverythingAsync(store, new MessageQuery());
        var paged = new MessageQuery { Page = 3, PageSize = 2, Before = MessageCursor.Of(all[5]), ExactCount = true };

        var exported = await export.ReadAsync(paged, Ct).ToListAsync(Ct);

        AssertSameMessages(all, exported);
    }

    [Fact]
    public async Task AnExportOfAnEmptyStoreIsEmpty()
    {
        var (_, export) = await CreateAsync(SmallBatch);

        Assert.Empty(await export.ReadAsync(new MessageQuery(), Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task AnExportedMessageHasEveryFieldAndItsHistory()
    {
        var (store, export) = await CreateAsync(SmallBatch);
        var message = FullyPopulated("SM0000000000000000000000000000exp1");
        await store.AddAsync(message, Ct);

        AssertSameMessage(message, Assert.Single(await export.ReadAsync(new MessageQuery(), Ct).ToListAsync(Ct)));
    }

    // 21 messages: several share a created time (ties broken by id across batch edges), mixed statuses, recipients and bodies.
    private static async Task SeedAsync(IMessageStore store)
    {
        for (var n = 0; n < 21; n++)
        {
            var status = (n % 3) switch { 0 => MessageStatus.Delivered, 1 => MessageStatus.Failed, _ => MessageStatus.Sent };
            await store.AddAsync(Stored(
                n,
                status,
                sid: $"SM_export_{n}",
                to: n % 4 == 0 ? "+15552009999" : null,
                body: n % 2 == 0 ? $"Invoice {n} is ready" : null,
                errorCode: status == MessageStatus.Failed ? 30003 : null,
                createdAt: T0.AddMinutes(n / 3)), Ct);
        }
    }

    private static async Task<List<Message>> ListEverythingAsync(IMessageStore store, MessageQuery query)
    {
        var all = new List<Message>();
        var page = await store.ListAsync(query with { PageSize = 5 }, Ct);
        all.AddRange(page.Items);
        while (page.Older is { } older)
        {
            page = await store.ListAsync(query with { PageSize = 5, Before = older }, Ct);
            all.AddRange(page.Items);
        }

        return all;
    }
}
