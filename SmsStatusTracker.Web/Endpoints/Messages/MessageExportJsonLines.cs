using System.Buffers;
using System.Text.Json;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// The export's JSON Lines: one JSON object per line (newlines inside values are escaped), the REST API's camelCase
/// names, times as <see cref="ExportTime"/> writes them, and with history a <c>history</c> array per message. Values
/// are written exactly as stored: JSON is read by programs, not spreadsheets, so there is no formula escaping here.
/// </summary>
public static class MessageExportJsonLines
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    // A line is written to the buffer, then the buffer goes out once it is past this size.
    private const int FlushBytes = 32 * 1024;

    public static async Task<long> WriteAsync(Stream output, IAsyncEnumerable<Message> messages, bool history, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        await using var json = new Utf8JsonWriter(buffer, WriterOptions);
        long count = 0;
        await foreach (var message in messages.WithCancellation(cancellationToken))
        {
            Write(json, message, history);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
            count++;
            if (buffer.WrittenCount >= FlushBytes)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.Clear();
            }
        }

        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return count;
    }

    private static void Write(Utf8JsonWriter json, Message message, bool history)
    {
        json.WriteStartObject();
        json.WriteString("id", message.Id);
        json.WriteString("sid", message.Sid);
        json.WriteString("createdAt", ExportTime.Format(message.CreatedAt));
        json.WriteString("updatedAt", ExportTime.Format(message.UpdatedAt));
        json.WriteString("status", DisplayedStatus.WireName(message));
        Number(json, "errorCode", message.ErrorCode);
        json.WriteString("errorMessage", message.ErrorMessage);
        json.WriteString("to", message.To);
        json.WriteString("from", message.From);
        json.WriteString("body", message.Body);
        json.WriteNumber("segments", message.Segments);
        json.WriteString("encoding", message.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2");
        json.WriteString("sentBy", message.SentBy);
        json.WriteString("sentAt", ExportTime.Format(message.SentAt));
        json.WriteString("deliveredAt", ExportTime.Format(message.DeliveredAt));
        json.WriteString("carrierDoneDate", message.RawDlrDoneDate);
        if (message.ResentFromId is { } resentFrom)
        {
            json.WriteString("resentFromId", resentFrom);
        }
        else
        {
            json.WriteNull("resentFromId");
        }

        if (history)
        {
            json.WriteStartArray("history");
            foreach (var e in message.History)
            {
                var shown = StatusEventResponse.Of(e);
                json.WriteStartObject();
                json.WriteString("at", ExportTime.Format(e.ReceivedAt));
                json.WriteString("status", shown.Status);
                json.WriteString("source", shown.Source);
                json.WriteString("outcome", shown.Outcome);
                Number(json, "errorCode", e.ErrorCode);
                json.WriteString("errorMessage", e.ErrorMessage);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("foldedHistoryCount", message.FoldedHistoryCount);
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
