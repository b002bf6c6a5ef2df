using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Endpoints.Bulk;

/// <summary>A job's per-row outcome lines (<see cref="BulkCsv.OutcomeLine"/>), each row joined with its stored message as it is now.</summary>
public sealed class BulkOutcomes(BulkJobService jobs, IMessageStore messages)
{
    private const int PageSize = 500;

    public async IAsyncEnumerable<string[]> LinesAsync(Guid jobId, Actor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0;
        while (true)
        {
            var rows = await jobs.RowsAsync(jobId, after, PageSize, excludedOnly: false, actor, cancellationToken);
            foreach (var row in rows)
            {
                // The derived id, not only the one the row recorded: a send the app was stopped in the middle of has a record too.
                var message = row.Outcome == BulkRowOutcome.Excluded ? null : await messages.FindAsync(row.MessageId ?? BulkRow.MessageIdFor(jobId, row.RowNumber), cancellationToken);
                yield return BulkCsv.OutcomeLine(row, message);
            }

            if (rows.Count < PageSize)
            {
                yield break;
            }

            after = rows[^1].RowNumber;
        }
    }
}
