using System.Globalization;
using CsvHelper;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Endpoints.Bulk;

/// <summary>
/// The one home of the bulk CSV formats. Upload: a header row with <c>to</c> and <c>body</c> (or the columns a
/// template names), one message per row. Outcome: <c>row,to,message_id,sid,status,error</c>, one line per row, the
/// status and SID read from the stored message (so the file matches the log), every text cell escaped against
/// formula injection (a cell starting with = + - @ gets a leading <c>'</c>, E.164 numbers too).
/// </summary>
public static class BulkCsv
{
    public const string ContentType = "text/csv";

    public static readonly string[] OutcomeHeader = ["row", "to", "message_id", "sid", "status", "error"];

    /// <summary>The table in <paramref name="input"/>, or why it cannot be used (not CSV, no header, over <paramref name="maxRows"/> rows).</summary>
    public static (BulkSheet? Sheet, string? Error) Read(TextReader input, int maxRows)
    {
        try
        {
            using var csv = CsvReader.Create(input, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true }, leaveOpen: true);
            csv.ReadHeader();
            var columns = csv.Headers.Select(h => h.Trim()).ToList();
            if (columns.Count == 0 || columns.All(string.IsNullOrEmpty))
            {
                return (null, "The file is empty: it needs a header row (to, body) and one row per message.");
            }

            if (columns.Where(c => c.Length > 0).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return (null, $"The column '{twice.Key}' appears twice in the header.");
            }

            var rows = new List<IReadOnlyDictionary<string, string?>>();
            while (csv.Read())
            {
                if (rows.Count == maxRows)
                {
                    return (null, $"The file has more than {maxRows:N0} rows (Bulk:MaxRows); split it into several jobs.");
                }

                var cells = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (columns[i].Length > 0)
                    {
                        cells[columns[i]] = i < csv.FieldCount ? Unescape(csv.GetStringOrNull(i)) : null;
                    }
                }

                rows.Add(cells);
            }

            return (new BulkSheet(columns, rows), null);
        }
        catch (Exception exception) when (exception is CsvFormatException or CsvValidationException or InvalidOperationException or System.Text.DecoderFallbackException)
        {
            return (null, $"The file is not valid CSV: {exception.Message}");
        }
    }

    /// <summary>One line of the outcome file: the row, and its message as stored now (when the row was sent).</summary>
    public static string[] OutcomeLine(BulkRow row, Message? message) =>
    [
        row.RowNumber.ToString(CultureInfo.InvariantCulture),
        row.To,
        message?.Id.ToString() ?? "",
        message?.Sid ?? "",
        message is null ? OutcomeName(row.Outcome) : message.Status.ToWireName(),
        message is { ErrorCode: { } code } ? $"{code}: {message.ErrorMessage}" : message?.ErrorMessage ?? row.Error ?? "",
    ];

    /// <summary>A row's outcome as a status word in the file and the API (<c>excluded</c>, <c>canceled</c>, …).</summary>
    public static string OutcomeName(BulkRowOutcome outcome) => outcome.ToString().ToLowerInvariant();

    public static async Task WriteOutcomesAsync(TextWriter output, IAsyncEnumerable<string[]> lines, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(OutcomeHeader);
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(line, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    // An exported number comes back with the injection escape: take it off, as the opt-out import does.
    private static string? Unescape(string? cell) => cell is { Length: > 1 } && cell[0] == '\'' && cell[1] is '+' or '=' or '-' or '@' ? cell[1..] : cell;
}
