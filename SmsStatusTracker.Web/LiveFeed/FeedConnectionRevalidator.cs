using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Re-checks every open hub connection each <see cref="AuthOptions.SessionValidationInterval"/> (at least a
/// second) and closes those whose user was deactivated, whose API key was revoked or whose security stamp changed
/// (a role change): authentication happened once, at connect; the right to keep listening is checked here.
/// </summary>
public sealed class FeedConnectionRevalidator(
    FeedConnections connections,
    ActorAuthorizer authorizer,
    IOptions<AuthOptions> auth,
    TimeProvider time,
    ILogger<FeedConnectionRevalidator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = auth.Value.SessionValidationInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : auth.Value.SessionValidationInterval;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RevalidateAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: each distinct actor is checked once, and all of its connections closed if it is refused.</summary>
    public async Task RevalidateAsync(CancellationToken cancellationToken)
    {
        foreach (var group in connections.Snapshot().GroupBy(c => c.Actor))
        {
            ActorCheck check;
            try
            {
                check = await authorizer.CheckAsync(group.Key, AppPermission.ViewMessages, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The account store is not answering: keep the connections until it can say no.
                logger.LogWarning(exception, "Could not re-check live-feed connections of user {UserId}", group.Key.UserId);
                continue;
            }

            if (check.User is not null)
            {
                continue;
            }

            foreach (var connection in group)
            {
                connections.Remove(connection.Context.ConnectionId);
                connection.Context.Abort();
            }

            logger.LogInformation("Closed {Count} live-feed connection(s) of user {UserId}: {Reason}", group.Count(), group.Key.UserId, check.Refusal);
        }
    }
}
