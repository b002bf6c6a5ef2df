using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// A loopback TCP endpoint that speaks just enough of the MongoDB wire protocol (OP_QUERY and OP_MSG) to look like a
/// replica-set primary: it answers the handshake and heartbeats, and every other command with an empty success (an
/// empty cursor, <c>n: 1</c>). Once <see cref="Stall"/> is set it keeps answering heartbeats but never answers a
/// command again, as a server whose disk or lock stalled does: the connection stays open and silent.
/// </summary>
public sealed class MongoWireStub : IAsyncDisposable
{
    private const int OpReply = 1;
    private const int OpQuery = 2004;
    private const int OpMsg = 2013;

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentBag<TcpClient> connections = [];
    private readonly Task accepting;
    private int nextRequestId;
    private volatile bool stall;

    public MongoWireStub()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Names of the commands received, in arrival order (heartbeats left out).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>From now on commands get no answer; heartbeats still do.</summary>
    public bool Stall
    {
        get => stall;
        set => stall = value;
    }

    /// <summary>A direct connection to the stub, database <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "smsstatus") => $"mongodb://127.0.0.1:{Port}/{database}?directConnection=true";

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
        try
        {
            var stream = client.GetStream();
            var header = new byte[16];
            while (!stopping.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, stopping.Token);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
                var body = new byte[length - 16];
                await stream.ReadExactlyAsync(body, stopping.Token);

                var command = opCode == OpQuery ? QueryDocument(body) : MsgDocument(body);
                var name = command.ElementCount > 0 ? command.GetElement(0).Name : "";
                var isHello = name is "hello" or "isMaster" or "ismaster";
                if (!isHello)
                {
                    Commands.Enqueue(name);
                    if (stall)
                    {
                        continue; // read on, answer never
                    }
                }

                var answer = isHello ? Hello() : Success(command, name);
                await stream.WriteAsync(opCode == OpQuery ? Reply(requestId, answer) : Msg(requestId, answer), stopping.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or EndOfStreamException or SocketException)
        {
            // The driver closed the connection (a timeout, the client disposed) or the stub is stopping.
        }
    }

    private BsonDocument Hello() => new()
    {
        { "helloOk", true },
        { "ismaster", true },
        { "isWritablePrimary", true },
        { "setName", "rs0" },
        { "setVersion", 1 },
        { "hosts", new BsonArray { $"127.0.0.1:{Port}" } },
        { "primary", $"127.0.0.1:{Port}" },
        { "me", $"127.0.0.1:{Port}" },
        { "maxBsonObjectSize", 16 * 1024 * 1024 },
        { "maxMessageSizeBytes", 48_000_000 },
        { "maxWriteBatchSize", 100_000 },
        { "localTime", DateTime.UtcNow },
        { "logicalSessionTimeoutMinutes", 30 },
        { "connectionId", Interlocked.Increment(ref nextRequestId) },
        { "minWireVersion", 0 },
        { "maxWireVersion", 21 },
        { "ok", 1.0 },
    };

    private static BsonDocument Success(BsonDocument command, string name)
    {
        var database = command.GetValue("$db", "smsstatus").ToString();
        var collection = command.Contains(name) && command[name].IsString ? command[name].AsString : "$cmd.aggregate";
        return new BsonDocument
        {
            { "n", 1 },
            { "nModified", 0 },
            { "cursor", new BsonDocument { { "id", 0L }, { "ns", $"{database}.{collection}" }, { "firstBatch", new BsonArray() } } },
            { "ok", 1.0 },
        };
    }

    // OP_QUERY: flags, full collection name (cstring), skip, return count, then the query document.
    private static BsonDocument QueryDocument(byte[] body)
    {
        var at = 4;
        while (body[at] != 0)
        {
            at++;
        }

        at += 1 + 8;
        return Document(body, at);
    }

    // OP_MSG: flag bits, then sections; the command is the kind-0 section's document.
    private static BsonDocument MsgDocument(byte[] body)
    {
        var at = 4;
        while (at < body.Length)
        {
            var kind = body[at++];
            var size = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(at));
            if (kind == 0)
            {
                return Document(body, at);
            }

            at += size;
        }

        return [];
    }

    private static BsonDocument Document(byte[] body, int at)
    {
        var size = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(at));
        using var reader = new BsonBinaryReader(new MemoryStream(body, at, size));
        return BsonSerializer.Deserialize<BsonDocument>(reader);
    }

    private byte[] Msg(int responseTo, BsonDocument document)
    {
        var bson = document.ToBson();
        var message = new byte[16 + 4 + 1 + bson.Length];
        WriteHeader(message, responseTo, OpMsg);
        message[20] = 0;
        bson.CopyTo(message, 21);
        return message;
    }

    private byte[] Reply(int responseTo, BsonDocument document)
    {
        var bson = document.ToBson();
        var message = new byte[16 + 4 + 8 + 4 + 4 + bson.Length];
        WriteHeader(message, responseTo, OpReply);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(32), 1); // numberReturned
        bson.CopyTo(message, 36);
        return message;
    }

    private void WriteHeader(byte[] message, int responseTo, int opCode)
    {
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), Interlocked.Increment(ref nextRequestId));
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), opCode);
    }
}
