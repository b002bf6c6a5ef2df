using System.Globalization;
using CsvHelper;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// The export's CSV: one row per message, or with history one row per status event (the message's columns repeated,
/// then the event's), which a spreadsheet can filter and pivot; a message with no history still gets its row. UTF-8
/// with a byte order mark so Excel reads it as UTF-8. Every text cell that starts with = + - @, tab or CR gets a
/// leading <c>'</c> (OWASP's advice against formula injection), phone numbers included: <c>'+15551234567</c> is
/// shown as text by a spreadsheet instead of being read as the number 15551234567 (which would lose the + and the
/// leading zeros of national numbers). Strip a leading <c>'</c> when reading the file back.
/// </summary>
public static class MessageExportCsv
{
    public static readonly string[] MessageColumns =
    [
        "id", "sid", "created_at", "updated_at", "status", "error_code", "error_message", "to", "from", "body",
        "segments", "encoding", "sent_by", "sent_at", "delivered_at", "carrier_done_date", "resent_from_id",
    ];

    public static readonly string[] EventColumns =
        ["event_at", "event_status", "event_source", "event_outcome", "event_error_code", "event_error_message"];

    public static CsvWriterOptions Options { get; } = new() { Injection = CsvInjection.Escape, WriteByteOrderMark = true };

    /// <summary>Writes the rows as <paramref name="messages"/> arrive; returns how many messages were written.</summary>
    public static async Task<long> WriteAsync(Stream output, IAsyncEnumerable<Message> messages, bool history, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader(history ? [.. MessageColumns, .. EventColumns] : MessageColumns);
        long count = 0;
        await foreach (var message in messages.WithCancellation(cancellationToken))
        {
            var fields = Fields(message);
            if (!history)
            {
                await csv.WriteRecordAsync(fields, cancellationToken);
            }
            else if (message.History.Count == 0)
            {
                await csv.WriteRecordAsync([.. fields, .. new string?[EventColumns.Length]], cancellationToken);
            }
            else
            {
                foreach (var e in message.History)
                {
                    var shown = StatusEventResponse.Of(e);
                    await csv.WriteRecordAsync(
                        [.. fields, ExportTime.Format(e.ReceivedAt), shown.Status, shown.Source, shown.Outcome, Number(e.ErrorCode), e.ErrorMessage],
                        cancellationToken);
                }
            }

            count++;
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }

    private static string?[] Fields(Message message) =>
    [
        message.Id.ToString(), message.Sid, ExportTime.Format(message.CreatedAt), ExportTime.Format(message.UpdatedAt),
        DisplayedStatus.WireName(message), Number(message.ErrorCode), message.ErrorMessage, message.To, message.From, message.Body,
        message.Segments.ToString(CultureInfo.InvariantCulture), message.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2", message.SentBy,
        ExportTime.Format(message.SentAt), ExportTime.Format(message.DeliveredAt), message.RawDlrDoneDate, message.ResentFromId?.ToString(),
    ];

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
