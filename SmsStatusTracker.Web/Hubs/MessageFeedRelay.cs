using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Notifications;

namespace SmsStatusTracker.Web.Hubs;

/// <summary>
/// This instance's one listener on the hub: it receives every change (from this or, through the Redis
/// backplane, any other instance) and hands it to the dashboards open here. After a reconnect it asks them
/// to resync, since changes may have been missed meanwhile.
/// </summary>
public sealed class MessageFeedRelay(
    ListeningAddress listening,
    RelayKey key,
    MessageNotifications notifications,
    LiveFeedStatus status,
    IHostApplicationLifetime lifetime,
    ILogger<MessageFeedRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForServerAsync(stoppingToken))
        {
            return;
        }

        if (!TryGetHubUrl(out var hubUrl))
        {
            // Hosted without a network listener (an in-memory test server): the broadcaster delivers locally.
            logger.LogInformation("No network address to reach the hub at; live changes are delivered in-process only");
            status.Set(HubConnectionState.Disconnected);
            return;
        }

        await using var connection = Build(hubUrl);
        await ConnectAsync(connection, stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }

        status.Set(HubConnectionState.Disconnected);
    }

    private bool TryGetHubUrl(out Uri hubUrl)
    {
        try
        {
            hubUrl = new Uri(listening.Get(), MessagesHub.Path);
            return true;
        }
        catch (InvalidOperationException)
        {
            hubUrl = null!;
            return false;
        }
    }

    private HubConnection Build(Uri hubUrl)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                options.Headers[MessageFeedAuthorization.RelayKeyHeader] = key.Value;
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .WithAutomaticReconnect(new RetryForever())
            .Build();

        connection.On<MessageChangedEvent>(MessageFeedEvents.MessageChanged, change => notifications.PublishLocallyAsync(new MessageChange(change.Message, change.Kind)));
        connection.Reconnecting += exception =>
        {
            if (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.LogWarning("Live feed connection lost ({Reason}); reconnecting", exception?.Message);
            }

            status.Set(HubConnectionState.Reconnecting);
            return Task.CompletedTask;
        };
        connection.Reconnected += async _ =>
        {
            logger.LogInformation("Live feed reconnected; dashboards resync");
            status.Set(HubConnectionState.Connected);
            await notifications.PublishResyncAsync();
        };
        return connection;
    }

    private async Task ConnectAsync(HubConnection connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await connection.StartAsync(stoppingToken);
                status.Set(HubConnectionState.Connected);
                await notifications.PublishResyncAsync();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Live feed could not connect ({Reason}); retrying", exception.Message);
                status.Set(HubConnectionState.Disconnected);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task<bool> WaitForServerAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed class RetryForever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(retryContext.PreviousRetryCount, 5))));
    }
}
