using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace SmsStatusTracker.Tests.Storage.Wire;

/// <summary>
/// Just enough of MongoDB's wire protocol (OP_QUERY and OP_MSG) for the real driver to talk to: it answers the
/// handshake and heartbeats as a replica-set primary, records every other command the driver sends and answers it
/// with <see cref="Respond"/> (by default an empty success). Lets tests assert the exact filters, sorts, options and
/// write concerns our store code sends, without a server. Once <see cref="Stall"/> is set it keeps answering
/// heartbeats but never answers a command again, as a server whose disk or lock stalled does.
/// </summary>
public sealed class RecordingMongoServer : IAsyncDisposable
{
    private const int OpReply = 1;
    private const int OpQuery = 2004;
    private const int OpMsg = 2013;
    private static readonly HashSet<string> Handshake = new(StringComparer.OrdinalIgnoreCase) { "hello", "isMaster", "ismaster", "ping", "endSessions", "buildInfo" };

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<BsonDocument> commands = new();
    private readonly ConcurrentBag<TcpClient> connections = [];
    private readonly Task accepting;
    private int requestIds;
    private volatile bool stall;

    public RecordingMongoServer()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>From now on commands get no answer; heartbeats still do.</summary>
    public bool Stall
    {
        get => stall;
        set => stall = value;
    }

    /// <summary>The answer to a recorded command; the default answers like a server with empty collections.</summary>
    public Func<BsonDocument, BsonDocument> Respond { get; set; } = EmptySuccess;

    public string ConnectionString(string database = "wiretest") =>
        $"mongodb://127.0.0.1:{Port}/{database}?directConnection=true&serverSelectionTimeoutMS=3000";

    /// <summary>Every command but the handshake and pings, in the order received.</summary>
    public IReadOnlyList<BsonDocument> Commands => commands.ToArray();

    public IReadOnlyList<string> CommandNames => commands.Select(command => command.ElementCount == 0 ? "" : command.GetElement(0).Name).ToArray();

    public IReadOnlyList<BsonDocument> CommandsNamed(string name) =>
        commands.Where(command => command.ElementCount > 0 && command.GetElement(0).Name == name).ToArray();

    public static BsonDocument EmptySuccess(BsonDocument command)
    {
        var name = command.GetElement(0).Name;
        var collection = command.GetElement(0).Value.IsString ? command.GetElement(0).Value.AsString : "";
        var ns = $"{command.GetValue("$db", "wiretest")}.{collection}";
        return name switch
        {
            "find" or "aggregate" => new BsonDocument { { "cursor", new BsonDocument { { "id", 0L }, { "ns", ns }, { "firstBatch", new BsonArray() } } }, { "ok", 1 } },
            "findAndModify" => new BsonDocument { { "lastErrorObject", new BsonDocument { { "n", 0 }, { "updatedExisting", false } } }, { "value", BsonNull.Value }, { "ok", 1 } },
            "insert" => new BsonDocument { { "n", command.GetValue("documents", new BsonArray()).AsBsonArray.Count }, { "ok", 1 } },
            "update" or "delete" => new BsonDocument { { "n", 1 }, { "nModified", 0 }, { "ok", 1 } },
            "count" => new BsonDocument { { "n", 0 }, { "ok", 1 } },
            _ => new BsonDocument("ok", 1),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        try
        {
            await accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            connections.Add(client);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    var header = new byte[16];
                    await stream.ReadExactlyAsync(header, stopping.Token);
                    var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                    var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                    var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
                    var body = new byte[length - 16];
                    await stream.ReadExactlyAsync(body, stopping.Token);
                    var reply = opCode switch
                    {
                        OpQuery => ReplyToQuery(requestId, body),
                        OpMsg => ReplyToMessage(requestId, body),
                        _ => throw new InvalidDataException($"Unexpected op code {opCode}."),
                    };
                    if (reply is not null)
                    {
                        await stream.WriteAsync(reply, stopping.Token);
                    }
                }
            }
            catch (Exception exception) when (exception is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    // The first handshake comes as a legacy OP_QUERY on admin.$cmd and wants an OP_REPLY.
    private byte[]? ReplyToQuery(int requestId, byte[] body)
    {
        var at = 4;
        while (body[at] != 0)
        {
            at++;
        }

        at += 1 + 8;
        var command = ReadDocument(body, ref at);
        if (Answer(command)?.ToBson() is not { } answer)
        {
            return null;
        }

        var reply = new byte[16 + 20 + answer.Length];
        WriteHeader(reply, requestId, OpReply);
        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(32), 1);
        answer.CopyTo(reply, 36);
        return reply;
    }

    private byte[]? ReplyToMessage(int requestId, byte[] body)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var end = (flags & 1) != 0 ? body.Length - 4 : body.Length;
        var at = 4;
        BsonDocument? command = null;
        while (at < end)
        {
            var kind = body[at++];
            if (kind == 0)
            {
                command = ReadDocument(body, ref at);
                continue;
            }

            // Kind 1: a document sequence (insert's documents, update's updates) that belongs in the command.
            var sectionEnd = at + BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(at));
            at += 4;
            var nameStart = at;
            while (body[at] != 0)
            {
                at++;
            }

            var identifier = Encoding.UTF8.GetString(body, nameStart, at - nameStart);
            at++;
            var documents = new BsonArray();
            while (at < sectionEnd)
            {
                documents.Add(ReadDocument(body, ref at));
            }

            (command ??= []).Set(identifier, documents);
        }

        var answer = Answer(command ?? [])?.ToBson();
        if (answer is null || (flags & 2) != 0)
        {
            return null;
        }

        var reply = new byte[16 + 5 + answer.Length];
        WriteHeader(reply, requestId, OpMsg);
        answer.CopyTo(reply, 21);
        return reply;
    }

    private BsonDocument? Answer(BsonDocument command)
    {
        var name = command.ElementCount == 0 ? "" : command.GetElement(0).Name;
        if (Handshake.Contains(name))
        {
            return new BsonDocument
            {
                { "ismaster", true }, { "isWritablePrimary", true }, { "helloOk", true },
                { "setName", "rs0" }, { "setVersion", 1 }, { "hosts", new BsonArray { $"127.0.0.1:{Port}" } },
                { "primary", $"127.0.0.1:{Port}" }, { "me", $"127.0.0.1:{Port}" },
                { "maxBsonObjectSize", 16 * 1024 * 1024 }, { "maxMessageSizeBytes", 48_000_000 }, { "maxWriteBatchSize", 100_000 },
                { "localTime", DateTime.UtcNow }, { "logicalSessionTimeoutMinutes", 30 }, { "connectionId", 1 },
                { "minWireVersion", 0 }, { "maxWireVersion", 21 }, { "version", "7.0.0" }, { "ok", 1 },
            };
        }

        commands.Enqueue(command);
        return stall ? null : Respond(command);
    }

    private void WriteHeader(byte[] reply, int responseTo, int opCode)
    {
        BinaryPrimitives.WriteInt32LittleEndian(reply, reply.Length);
        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(4), Interlocked.Increment(ref requestIds));
        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(12), opCode);
    }

    private static BsonDocument ReadDocument(byte[] buffer, ref int at)
    {
        var size = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(at));
        var document = BsonSerializer.Deserialize<BsonDocument>(buffer.AsSpan(at, size).ToArray());
        at += size;
        return document;
    }
}
