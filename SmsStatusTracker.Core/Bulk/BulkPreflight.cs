using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// Checks every row before a job is created, with the same rules a single send uses: the number read by
/// <see cref="RecipientParser"/>, the text by <see cref="SendSmsValidator"/>, then duplicates (the first occurrence is
/// kept) and the opt-out ledger (looked up in batches). Segments and encoding come from <see cref="SmsSegmentCounter"/>.
/// </summary>
public sealed class BulkPreflight(IBulkJobStore store, IOptions<SmsOptions> sms)
{
    /// <summary>
    /// The rows of <paramref name="sheet"/> as candidates: the <c>to</c> column, and the <c>body</c> column or
    /// <paramref name="template"/> filled from the row. Throws <see cref="SendSmsValidationException"/> (key <c>file</c>
    /// or <c>template</c>) when the file as a whole cannot be used.
    /// </summary>
    public static IReadOnlyList<BulkCandidate> Candidates(BulkSheet sheet, string? template)
    {
        var columns = sheet.Columns.Select(c => c.Trim()).ToList();
        if (!columns.Contains(BulkSheet.ToColumn, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid("file", $"The file needs a '{BulkSheet.ToColumn}' column (found: {Describe(columns)}).");
        }

        var useTemplate = !string.IsNullOrWhiteSpace(template);
        if (!useTemplate && !columns.Contains(BulkSheet.BodyColumn, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid("file", $"The file needs a '{BulkSheet.BodyColumn}' column, or give a template with {{{{column}}}} placeholders.");
        }

        if (useTemplate && BulkTemplate.MissingColumns(template!, columns) is { Count: > 0 } missing)
        {
            throw Invalid("template", $"The template uses {string.Join(", ", missing.Select(m => $"{{{{{m}}}}}"))}, but the file has no such column (found: {Describe(columns)}).");
        }

        if (sheet.Rows.Count == 0)
        {
            throw Invalid("file", "The file has a header but no rows.");
        }

        var candidates = new List<BulkCandidate>(sheet.Rows.Count);
        for (var i = 0; i < sheet.Rows.Count; i++)
        {
            var cells = sheet.Rows[i];
            var to = Cell(cells, BulkSheet.ToColumn);
            if (useTemplate)
            {
                var (text, error) = BulkTemplate.Fill(template!, cells);
                candidates.Add(new BulkCandidate(i + 1, to, text, error));
            }
            else
            {
                candidates.Add(new BulkCandidate(i + 1, to, Cell(cells, BulkSheet.BodyColumn)));
            }
        }

        return candidates;
    }

    public async Task<BulkPreflightReport> CheckAsync(IReadOnlyList<BulkCandidate> candidates, CancellationToken cancellationToken)
    {
        var rows = new List<BulkPreflightRow>(candidates.Count);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var body = candidate.Body ?? "";
            var segments = SmsSegmentCounter.Count(body);
            var recipient = RecipientParser.Parse(candidate.To, sms.Value.DefaultRegion);
            var to = recipient.E164 ?? candidate.To?.Trim() ?? "";
            (BulkExclusion, string)? exclusion = null;
            if (!recipient.IsValid)
            {
                exclusion = (BulkExclusion.InvalidNumber, recipient.Error!);
            }
            else if (candidate.TextError is { } templateError)
            {
                exclusion = (BulkExclusion.TemplateError, templateError);
            }
            else if (SendSmsValidator.Validate(new SendSmsRequest(to, body)).TryGetValue("body", out var bodyErrors))
            {
                exclusion = (BulkExclusion.InvalidBody, bodyErrors[0]);
            }
            else if (firstRowOf.TryGetValue(to, out var first))
            {
                exclusion = (BulkExclusion.Duplicate, $"Same number as row {first}; only the first is sent.");
            }
            else
            {
                firstRowOf[to] = candidate.RowNumber;
            }

            rows.Add(new BulkPreflightRow(candidate.RowNumber, to, body, segments.Encoding, segments.Segments, exclusion?.Item1, exclusion?.Item2, candidate.ResentFromId));
        }

        var optedOut = await store.OptedOutAmongAsync(firstRowOf.Keys.ToList(), cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].WillSend && optedOut.Contains(rows[i].To))
            {
                rows[i] = rows[i] with { Exclusion = BulkExclusion.OptedOut, Reason = $"{rows[i].To} has opted out of messages; it will not be texted." };
            }
        }

        return new BulkPreflightReport(rows);
    }

    private static string? Cell(IReadOnlyDictionary<string, string?> cells, string column) =>
        cells.FirstOrDefault(c => string.Equals(c.Key.Trim(), column, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Describe(IReadOnlyList<string> columns) =>
        columns.Count == 0 ? "no columns" : string.Join(", ", columns.Select(c => $"'{c}'"));

    private static SendSmsValidationException Invalid(string key, string error) => new(new Dictionary<string, string[]> { [key] = [error] });
}
