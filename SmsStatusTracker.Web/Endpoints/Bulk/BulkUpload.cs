using System.Text;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Web.Endpoints.Bulk;

/// <summary>
/// Reads an upload into candidate rows, for the page and the API alike: the size limit (<see cref="BulkOptions.MaxFileBytes"/>),
/// the CSV (<see cref="BulkCsv"/>), then <see cref="BulkPreflight.Candidates"/> (columns, template). Any error is one
/// sentence for the person, keyed <c>file</c> or <c>template</c>.
/// </summary>
public sealed class BulkUpload(IOptions<BulkOptions> options)
{
    public long MaxFileBytes => options.Value.MaxFileBytes;

    /// <summary>The rows of <paramref name="file"/>; throws <see cref="Core.Sending.SendSmsValidationException"/> with the reason when it cannot be used.</summary>
    public async Task<IReadOnlyList<BulkCandidate>> ReadAsync(Stream file, string? template, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFileBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw Invalid("file", $"The file is larger than {Describe(limit)} (Bulk:MaxFileBytes); split it into several jobs.");
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        using var text = new StreamReader(buffer, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var (sheet, error) = BulkCsv.Read(text, options.Value.MaxRows);
        return sheet is null ? throw Invalid("file", error!) : BulkPreflight.Candidates(sheet, template);
    }

    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    private static Core.Sending.SendSmsValidationException Invalid(string key, string error) => new(new Dictionary<string, string[]> { [key] = [error] });
}
