using System.Text;
using System.Text.RegularExpressions;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// A message text with <c>{{column}}</c> placeholders, filled from a row's other columns. Column names match without
/// regard to case or surrounding spaces; a placeholder naming no column is an error for the whole file, an empty
/// cell an error for its row.
/// </summary>
public static partial class BulkTemplate
{
    /// <summary>The column names the template uses, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The placeholders that name no column of <paramref name="columns"/>.</summary>
    public static IReadOnlyList<string> MissingColumns(string template, IReadOnlyCollection<string> columns) =>
        Placeholders(template).Where(p => !columns.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>The text for one row, or the error (a placeholder whose cell is empty or missing).</summary>
    public static (string? Text, string? Error) Fill(string template, IReadOnlyDictionary<string, string?> cells)
    {
        var text = new StringBuilder();
        var last = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            var column = match.Groups[1].Value.Trim();
            var value = cells.FirstOrDefault(c => string.Equals(c.Key.Trim(), column, StringComparison.OrdinalIgnoreCase)).Value;
            if (string.IsNullOrEmpty(value))
            {
                return (null, $"The template uses {{{{{column}}}}}, but this row's '{column}' cell is empty.");
            }

            text.Append(template, last, match.Index - last).Append(value);
            last = match.Index + match.Length;
        }

        text.Append(template, last, template.Length - last);
        return (text.ToString(), null);
    }

    [GeneratedRegex(@"\{\{\s*([^{}]+?)\s*\}\}")]
    private static partial Regex Placeholder();
}
