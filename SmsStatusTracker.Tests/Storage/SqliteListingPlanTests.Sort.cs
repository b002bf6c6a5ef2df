using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

// Oldest first walks the same (…, created_at DESC, id DESC) indexes backwards: no index of its own, no sort of the matches.
public sealed partial class SqliteListingPlanTests
{
    public static TheoryData<string, MessageQuery, string> OldestFirstWalks => new()
    {
        { "oldest first", new MessageQuery { Sort = MessageSort.OldestFirst }, "ix_messages_created_id" },
        { "oldest first, after a cursor", new MessageQuery { Sort = MessageSort.OldestFirst, Before = Cursor }, "ix_messages_created_id" },
        { "oldest first, back before a cursor", new MessageQuery { Sort = MessageSort.OldestFirst, After = Cursor }, "ix_messages_created_id" },
        { "oldest first, one status", new MessageQuery { Sort = MessageSort.OldestFirst, Statuses = [MessageStatus.Failed] }, "ix_messages_status_created_id" },
        { "oldest first, recipient", new MessageQuery { Sort = MessageSort.OldestFirst, To = "+15551230001" }, "ix_messages_to_created_id" },
        { "oldest first, date range", new MessageQuery { Sort = MessageSort.OldestFirst, Since = T0, Until = T0.AddDays(7) }, "ix_messages_created_id" },
    };

    [Theory]
    [MemberData(nameof(OldestFirstWalks))]
    public async Task OldestFirstIsTheSameIndexWalkedBackwards(string filter, MessageQuery query, string index)
    {
        var plans = await store.ExplainListAsync(query, Ct);

        var page = Plan(plans, "page");
        Assert.True(page.Contains(index, StringComparison.Ordinal), $"{filter}: expected {index} in\n{page}");
        Assert.DoesNotContain("TEMP B-TREE", page, StringComparison.Ordinal);
        AssertNoFullScan(filter, plans);
    }
}
