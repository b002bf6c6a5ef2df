namespace SmsStatusTracker.Core.Bulk;

/// <summary>An uploaded table as read from the file: its column names and each row's cells by column name.</summary>
public sealed record BulkSheet(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows)
{
    public const string ToColumn = "to";
    public const string BodyColumn = "body";
}

/// <summary>One row to check before a job is created: recipient and text as given (the text already filled from a template).</summary>
/// <param name="TextError">Why the row has no text (a template placeholder whose cell is empty).</param>
public sealed record BulkCandidate(int RowNumber, string? To, string? Body, string? TextError = null, Guid? ResentFromId = null);
