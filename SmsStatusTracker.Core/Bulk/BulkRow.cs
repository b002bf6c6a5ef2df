using System.Security.Cryptography;
using System.Text;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>What became of one row. <see cref="Pending"/> rows are still to be sent; every other outcome is final for the job.</summary>
public enum BulkRowOutcome
{
    Pending,

    /// <summary>Preflight left it out (invalid number, duplicate, opted out, template error); never sent.</summary>
    Excluded,

    /// <summary>Twilio accepted it (the message has a SID).</summary>
    Sent,

    /// <summary>Twilio refused it, or the send was refused for the row's own input.</summary>
    Failed,

    /// <summary>The number opted out after preflight; refused before Twilio was called.</summary>
    Suppressed,

    /// <summary>
    /// Its message record exists but Twilio's answer is unknown (the app stopped, or Twilio did not answer): never sent
    /// again; reconciliation links it to Twilio's record or marks it failed.
    /// </summary>
    Reconciling,

    /// <summary>The job was canceled before this row was sent.</summary>
    Canceled,
}

/// <summary>One row of a <see cref="BulkJob"/>: the recipient and text as preflight settled them, and its outcome.</summary>
public sealed record BulkRow
{
    public required Guid JobId { get; init; }

    /// <summary>1-based, as in the file (the header not counted).</summary>
    public required int RowNumber { get; init; }

    /// <summary>E.164 when valid; otherwise as written in the file.</summary>
    public required string To { get; init; }

    public required string Body { get; init; }

    /// <summary>The message this row sends again (a "resend failed" job).</summary>
    public Guid? ResentFromId { get; init; }

    public required BulkRowOutcome Outcome { get; init; }

    /// <summary>Why preflight excluded it, or why sending failed.</summary>
    public string? Error { get; init; }

    /// <summary>The row's message id: always <see cref="MessageIdFor"/>, stored once a send was attempted.</summary>
    public Guid? MessageId { get; init; }

    /// <summary>
    /// The message id of row <paramref name="rowNumber"/> of job <paramref name="jobId"/>: derived, never random, so a
    /// retry after a crash finds the record the first attempt created (and the store refuses a second one).
    /// </summary>
    public static Guid MessageIdFor(Guid jobId, int rowNumber)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"bulk\n{jobId:N}\n{rowNumber}"), hash);
        return new Guid(hash[..16]);
    }
}

/// <summary>Counts of a job's rows by outcome; <see cref="Remaining"/> is what is still to be sent.</summary>
public sealed record BulkJobProgress(int Total, int Excluded, int Sent, int Failed, int Suppressed, int Reconciling, int Canceled, int Remaining)
{
    public static BulkJobProgress From(int total, IReadOnlyDictionary<BulkRowOutcome, int> counts)
    {
        int Of(BulkRowOutcome outcome) => counts.TryGetValue(outcome, out var n) ? n : 0;
        return new(total, Of(BulkRowOutcome.Excluded), Of(BulkRowOutcome.Sent), Of(BulkRowOutcome.Failed), Of(BulkRowOutcome.Suppressed),
            Of(BulkRowOutcome.Reconciling), Of(BulkRowOutcome.Canceled), Of(BulkRowOutcome.Pending));
    }

    /// <summary>Rows the job had to send (all but the excluded).</summary>
    public int ToSend => Total - Excluded;

    /// <summary>Rows done, 0–100, of those to send.</summary>
    public double PercentDone => ToSend == 0 ? 100 : 100.0 * (ToSend - Remaining) / ToSend;
}
