using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Carries changes between instances when <c>SignalR:Redis</c> is set: each instance publishes its own changes on
/// one Redis channel, tagged with its id, and hands the other instances' changes to its own pages. Redis pub/sub
/// keeps no history, so after the link was down the pages here are told to resync. <see cref="LiveFeedStatus"/>
/// follows the link. Hub clients of other instances are reached through the SignalR backplane, not through here.
/// </summary>
public sealed class RedisMessageLink(
    string configuration,
    MessageNotifications local,
    LiveFeedStatus status,
    ILogger<RedisMessageLink> logger) : BackgroundService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("smsstatustracker:live-feed:changes");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string instance = Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? redis;

    /// <summary>Sends one of this instance's changes to the others (a no-op until the link has started).</summary>
    public async Task PublishAsync(MessageChange change)
    {
        if (redis is { } connected)
        {
            await connected.GetSubscriber().PublishAsync(Channel, JsonSerializer.SerializeToUtf8Bytes(new Envelope(instance, change), Json));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // keep retrying in the background; this instance's own pages work meanwhile
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        connection.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Live feed link to Redis lost ({Reason}); reconnecting", e.FailureType);
                status.Set(HubConnectionState.Reconnecting);
            }
        };
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _ = OnRestoredAsync();
            }
        };

        try
        {
            var queue = await SubscribeAsync(connection, stoppingToken);
            queue.OnMessage(OnMessageAsync);
            redis = connection;
            // The events report drops and returns; this also catches a first connection that came late.
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                if (connection.IsConnected && status.State != HubConnectionState.Connected)
                {
                    await OnRestoredAsync();
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis = null;
            status.Set(HubConnectionState.Disconnected);
            await connection.DisposeAsync();
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync(ConnectionMultiplexer connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await connection.GetSubscriber().SubscribeAsync(Channel);
            }
            catch (RedisException exception)
            {
                logger.LogWarning("Live feed link could not subscribe on Redis ({Reason}); retrying", exception.Message);
                status.Set(HubConnectionState.Reconnecting);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task OnRestoredAsync()
    {
        logger.LogInformation("Live feed link to Redis is up; pages resync");
        status.Set(HubConnectionState.Connected);
        await local.PublishResyncAsync();
    }

    private async Task OnMessageAsync(ChannelMessage received)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>((byte[])received.Message!, Json);
        }
        catch (JsonException exception)
        {
            logger.LogWarning(exception, "Ignored an unreadable message on the live feed channel");
            return;
        }

        if (envelope is null || envelope.Instance == instance)
        {
            return; // this instance delivered its own change when it stored it
        }

        await local.PublishLocallyAsync(envelope.Change);
    }

    // The domain message, not the hub's REST shape: the other instances' pages take what this instance's pages take.
    private sealed record Envelope(string Instance, MessageChange Change);
}
