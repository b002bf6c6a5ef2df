using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Benchmarks;

/// <summary>
/// N listeners on the live feed, each recording when every message change reached it. They authenticate
/// with an API key, as an integration listening to the hub does.
/// </summary>
internal sealed class FeedClients(IReadOnlyList<HubConnection> connections, ConcurrentDictionary<Guid, ConcurrentBag<long>> arrivals) : IAsyncDisposable
{
    public int Count => connections.Count;

    public static async Task<FeedClients> ConnectAsync(Uri baseAddress, string apiKey, int count)
    {
        var arrivals = new ConcurrentDictionary<Guid, ConcurrentBag<long>>();
        var connections = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, MessagesHub.Path), options =>
                {
                    options.Headers["Authorization"] = "Bearer " + apiKey;
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                })
                .Build();
            connection.On<JsonElement>(MessageFeedEvents.MessageChanged, change =>
            {
                var now = Stopwatch.GetTimestamp();
                var id = change.GetProperty("message").GetProperty("id").GetGuid();
                arrivals.GetOrAdd(id, _ => []).Add(now);
            });
            await connection.StartAsync();
            connections.Add(connection);
        }

        return new FeedClients(connections, arrivals);
    }

    /// <summary>Latencies (ms) from each send to each client's arrival, plus how many arrivals never came.</summary>
    public (List<double> Latencies, int Missing) Collect(IReadOnlyDictionary<Guid, long> sentAt)
    {
        var latencies = new List<double>();
        var missing = 0;
        foreach (var (id, start) in sentAt)
        {
            var seen = arrivals.TryGetValue(id, out var bag) ? bag.ToArray() : [];
            missing += Math.Max(0, connections.Count - seen.Length);
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
}
