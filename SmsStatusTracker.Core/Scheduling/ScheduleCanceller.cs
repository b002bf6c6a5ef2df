using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>What a cancel did: the canceled message, or why it could not be (no such message, or already on its way).</summary>
public sealed record CancelOutcome(Message? Message, bool NotFound, string? Conflict)
{
    public static CancelOutcome Canceled(Message message) => new(message, false, null);

    public static CancelOutcome Missing { get; } = new(null, true, null);

    public static CancelOutcome TooLate(string why) => new(null, false, why);
}

/// <summary>
/// Cancels a scheduled message, with the send permission (<see cref="AppPermission.SendMessages"/>, checked here for
/// every caller; who canceled is kept on the <c>canceled</c> event). App-held: scheduled → canceled in one conditional update, so it loses to a job that claimed it first.
/// Twilio-held: Twilio is asked to update the message to <c>canceled</c>; its refusal (already sent) is the conflict.
/// </summary>
public sealed class ScheduleCanceller(
    IMessageStore store,
    ITwilioRestClient twilio,
    IOptions<TwilioOptions> options,
    ActorAuthorizer authorizer,
    IMessageChangeNotifier notifier,
    TimeProvider time,
    ILogger<ScheduleCanceller> logger)
{
    /// <summary>Throws <see cref="ActionNotAllowedException"/> when the actor may not send.</summary>
    public async Task<CancelOutcome> CancelAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var user = await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        if (await store.FindAsync(id, cancellationToken) is not { } message)
        {
            return CancelOutcome.Missing;
        }

        if (message.Status != MessageStatus.Scheduled)
        {
            return CancelOutcome.TooLate($"Only a scheduled message can be canceled; this one is {message.Status.ToWireName()}.");
        }

        var canceled = new StatusEvent
        {
            RawStatus = MessageStatus.Canceled.ToWireName(),
            Source = message.Sid is null ? StatusEventSource.Local : StatusEventSource.SendResponse,
            ReceivedAt = time.GetUtcNow(),
            ErrorMessage = $"Canceled by {user.Label}",
        };
        if (message.Sid is { } sid)
        {
            try
            {
                var update = new UpdateMessageOptions(sid) { Status = MessageResource.UpdateStatusEnum.Canceled };
                await MessageResource.UpdateAsync(update, twilio).WaitAsync(options.Value.RequestTimeout, time, cancellationToken);
            }
            catch (ApiException refused)
            {
                logger.LogWarning("Twilio would not cancel message {MessageId} ({Sid}): error {ErrorCode}", id, sid, refused.Code);
                return CancelOutcome.TooLate($"Twilio would not cancel it (error {refused.Code}): {refused.Message}");
            }
        }

        var stored = await store.UpdateAsync(
            id,
            current => current.Status == MessageStatus.Scheduled ? StatusTransitions.Apply(current, canceled) : current,
            CancellationToken.None);
        if (stored?.Status != MessageStatus.Canceled)
        {
            return CancelOutcome.TooLate("It was picked up to be sent just now.");
        }

        await notifier.NotifySafelyAsync(logger, stored, MessageChangeKind.StatusChanged, CancellationToken.None);
        return CancelOutcome.Canceled(stored);
    }
}
