using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Benchmarks;

// The parts of the log benchmark that need keyset paging and capped counts (absent before them, so a "before"
// run replaces this file with one that returns no scenarios).
internal static partial class LogBenchmark
{
    private static Task<IEnumerable<(string Name, MessageQuery Query)>> KeysetScenariosAsync(IMessageStore store, Message middle)
    {
        var cursor = MessageCursor.Of(middle);
        return Task.FromResult<IEnumerable<(string, MessageQuery)>>(
        [
            ("older from the middle (cursor, ~500,000 deep)", new MessageQuery { Before = cursor }),
            ("newer from the middle (cursor)", new MessageQuery { After = cursor }),
            ("statuses delivered, failed: older from the middle", new MessageQuery { Statuses = [MessageStatus.Delivered, MessageStatus.Failed], Before = cursor }),
            ("search common, older from the middle", new MessageQuery { Search = "verification code", Before = cursor }),
            ("count exactly (on demand), no filter", new MessageQuery { ExactCount = true }),
            ("count exactly (on demand), two statuses", new MessageQuery { Statuses = [MessageStatus.Delivered, MessageStatus.Failed], ExactCount = true }),
        ]);
    }

    private static string TotalText(MessagePage page) => page.TotalIsExact ? $"{page.Total:N0}" : $"{page.Total:N0}+";

    private static async Task PrintPlansAsync(SqliteMessageStore store, List<(string Name, MessageQuery Query)> scenarios)
    {
        Console.WriteLine();
        Console.WriteLine("## Query plans");
        foreach (var (name, query) in scenarios)
        {
            Console.WriteLine();
            Console.WriteLine($"### {name}");
            Console.WriteLine("```");
            foreach (var plan in await store.ExplainListAsync(query, CancellationToken.None))
            {
                Console.WriteLine(plan);
            }

            Console.WriteLine("```");
        }
    }
}
