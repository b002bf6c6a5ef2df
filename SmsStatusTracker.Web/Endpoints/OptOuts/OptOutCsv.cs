using System.Globalization;
using CsvHelper;
using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Web.Endpoints.OptOuts;

/// <summary>
/// The one home of the ledger's CSV format. Export: <c>number,opted_out,changed_at,source</c>, every text cell escaped
/// against formula injection (a cell starting with = + - @ gets a leading <c>'</c>, so E.164 numbers do too). Import:
/// a <c>number</c> column (the escape is removed) and an optional <c>reason</c>.
/// </summary>
public static class OptOutCsv
{
    public const string ContentType = "text/csv";
    public const string FileName = "opt-outs.csv";
    public const int MaxImportRows = 10_000;

    public static readonly string[] Header = ["number", "opted_out", "changed_at", "source"];

    public static async Task WriteAsync(TextWriter output, IEnumerable<OptOutNumber> numbers, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(Header);
        foreach (var number in numbers)
        {
            await csv.WriteRecordAsync(
                [number.Number, number.OptedOut ? "true" : "false", number.ChangedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), number.Source.ToString()],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The rows of an import file, or why it cannot be read.</summary>
    public static (IReadOnlyList<(string Number, string? Reason)> Rows, string? Error) Read(TextReader input)
    {
        var rows = new List<(string, string?)>();
        try
        {
            using var csv = CsvReader.Create(input, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true }, leaveOpen: true);
            csv.ReadHeader();
            if (!csv.TryGetFieldIndex("number", out _))
            {
                return ([], "The file needs a 'number' column (and may have a 'reason' column).");
            }

            var hasReason = csv.TryGetFieldIndex("reason", out _);
            while (csv.Read())
            {
                if (rows.Count == MaxImportRows)
                {
                    return ([], $"At most {MaxImportRows} rows can be imported at once.");
                }

                var number = (csv.GetStringOrNull("number") ?? "").TrimStart('\'');
                rows.Add((number, hasReason ? csv.GetStringOrNull("reason") : null));
            }

            return (rows, null);
        }
        catch (Exception exception) when (exception is CsvFormatException or CsvValidationException or InvalidOperationException)
        {
            return ([], $"The file is not valid CSV: {exception.Message}");
        }
    }
}
