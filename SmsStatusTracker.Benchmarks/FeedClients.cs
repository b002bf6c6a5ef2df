using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Benchmarks;

/// <summary>
/// N listeners on the live feed, each recording when every message change reached it. They authenticate
/// with an API key, as an integration listening to the hub does. They run in a child process of their own
/// (<see cref="FeedListenerProcess"/>), so the server's CPU and memory are measured without them. Batched listeners
/// (<c>--batched</c>) connect with <c>?batch=1</c> and record every change of a frame as arriving when the frame did.
/// </summary>
internal sealed class FeedClients(IReadOnlyList<HubConnection> connections, ConcurrentQueue<(Guid Id, long At)> arrivals) : IAsyncDisposable
{
    public int Count => connections.Count;

    public static async Task<FeedClients> ConnectAsync(Uri baseAddress, string apiKey, int count, bool batched)
    {
        var arrivals = new ConcurrentQueue<(Guid, long)>();
        var connections = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, batched ? MessagesHub.BatchedPath : MessagesHub.Path), options =>
                {
                    options.Headers["Authorization"] = "Bearer " + apiKey;
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                })
                .Build();
            // Only the id is bound: a listener that parsed every field would measure its own JSON work, not the feed.
            if (batched)
            {
                connection.On<ChangeIds>(MessageFeedEvents.MessagesChanged, frame =>
                {
                    var at = Stopwatch.GetTimestamp();
                    foreach (var change in frame.Changes)
                    {
                        arrivals.Enqueue((change.Message.Id, at));
                    }
                });
            }
            else
            {
                connection.On<ChangeId>(MessageFeedEvents.MessageChanged, change => arrivals.Enqueue((change.Message.Id, Stopwatch.GetTimestamp())));
            }

            await connection.StartAsync();
            connections.Add(connection);
        }

        return new FeedClients(connections, arrivals);
    }

    /// <summary>Every arrival so far, 24 bytes each (id, Stopwatch timestamp: one monotonic clock for both processes).</summary>
    public void WriteArrivals(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var (id, at) in arrivals)
        {
            writer.Write(id.ToByteArray());
            writer.Write(at);
        }
    }

    public static Dictionary<Guid, List<long>> ReadArrivals(string path)
    {
        var arrivals = new Dictionary<Guid, List<long>>();
        using var reader = new BinaryReader(File.OpenRead(path));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var id = new Guid(reader.ReadBytes(16));
            var at = reader.ReadInt64();
            if (!arrivals.TryGetValue(id, out var list))
            {
                arrivals[id] = list = [];
            }

            list.Add(at);
        }

        return arrivals;
    }

    /// <summary>Latencies (ms) from each send to each client's arrival, plus how many arrivals never came.</summary>
    public static (List<double> Latencies, int Missing) Collect(int clients, Dictionary<Guid, List<long>> arrivals, IReadOnlyDictionary<Guid, long> sentAt)
    {
        var latencies = new List<double>();
        var missing = 0;
        foreach (var (id, start) in sentAt)
        {
            var seen = arrivals.TryGetValue(id, out var list) ? list : [];
            missing += Math.Max(0, clients - seen.Count);
            latencies.AddRange(seen.Select(arrival => Stopwatch.GetElapsedTime(start, arrival).TotalMilliseconds));
        }

        latencies.Sort();
        return (latencies, missing);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    internal sealed record ChangeIds(IReadOnlyList<ChangeId> Changes);

    internal sealed record ChangeId(ChangeRow Message);

    internal sealed record ChangeRow(Guid Id);
}
