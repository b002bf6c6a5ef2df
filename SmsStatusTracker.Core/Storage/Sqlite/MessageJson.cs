using System.Text.Json;
using System.Text.Json.Serialization;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>The JSON form messages and parked events are kept in; computed properties are not stored.</summary>
internal static class MessageJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        IgnoreReadOnlyProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(Message message) => JsonSerializer.Serialize(message, Options);

    public static Message DeserializeMessage(string json) =>
        JsonSerializer.Deserialize<Message>(json, Options) ?? throw new InvalidDataException("Stored message is empty.");

    public static string Serialize(StatusEvent statusEvent) => JsonSerializer.Serialize(statusEvent, Options);

    public static StatusEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<StatusEvent>(json, Options) ?? throw new InvalidDataException("Stored status event is empty.");
}
