using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>Why preflight leaves a row out. Each is reported with its row number and words for the person.</summary>
public enum BulkExclusion
{
    InvalidNumber,
    Duplicate,
    OptedOut,
    TemplateError,
    InvalidBody,
}

/// <summary>One row after preflight: the number in E.164 (or as written when invalid), the text, its encoding and segments, and why it is left out, if it is.</summary>
public sealed record BulkPreflightRow(int RowNumber, string To, string Body, SmsEncoding Encoding, int Segments, BulkExclusion? Exclusion, string? Reason, Guid? ResentFromId = null)
{
    public bool WillSend => Exclusion is null;
}

/// <summary>What a job would send, before anything is sent: every row, and totals for the rows that will be sent.</summary>
public sealed record BulkPreflightReport(IReadOnlyList<BulkPreflightRow> Rows)
{
    public int ToSend => Rows.Count(r => r.WillSend);

    public int TotalSegments => Rows.Where(r => r.WillSend).Sum(r => r.Segments);

    /// <summary>Rows to send that need UCS-2 (70 characters a segment instead of 160).</summary>
    public int Ucs2Rows => Rows.Count(r => r.WillSend && r.Encoding == SmsEncoding.Ucs2);

    public IReadOnlyList<BulkPreflightRow> Excluded => Rows.Where(r => !r.WillSend).ToList();

    public IReadOnlyDictionary<BulkExclusion, int> ExcludedBy =>
        Rows.Where(r => r.Exclusion is not null).GroupBy(r => r.Exclusion!.Value).ToDictionary(g => g.Key, g => g.Count());
}
