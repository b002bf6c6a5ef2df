using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace SmsStatusTracker.Core.Sending;

/// <summary>
/// Sends one SMS, whatever the path (compose, REST, send again): the actor is confirmed against the store
/// first, and the message records who really sent it. The message is stored before Twilio is called, so a
/// callback that beats the response finds it; Twilio's answer (SID and first status, or its refusal) is then
/// recorded on it. With an idempotency key, <see cref="IdempotentSend"/> makes retries of one request send at most once.
/// </summary>
public sealed class SmsSender(
    IMessageStore store,
    ITwilioRestClient twilio,
    IOptions<TwilioOptions> options,
    IOptions<SmsOptions> sms,
    IStatusCallbackUrls callbackUrls,
    StatusRecorder recorder,
    ActorAuthorizer authorizer,
    IMessageChangeNotifier notifier,
    IdempotentSend idempotent,
    TimeProvider time,
    ILogger<SmsSender> logger,
    OptOuts.OptOutLedger optOuts,
    ActivityLog.ActivityRecorder activity,
    ISendThrottle? throttle = null,
    Scheduling.SendPlanner? planner = null)
{
    /// <summary>Authorizes, validates, stores and sends. The recipient is read as typed (national numbers in
    /// <see cref="SmsOptions.DefaultRegion"/>) and stored in E.164. Throws <see cref="ActionNotAllowedException"/> when
    /// the actor may not send (now), <see cref="SendSmsValidationException"/> for bad input (errors keyed <c>to</c> and
    /// <c>body</c>), <see cref="SendRateLimitedException"/> (a subtype) when the sender is over their limit; in each case
    /// nothing was stored or sent. <paramref name="cancellationToken"/> is observed only until the message is stored;
    /// after that the send runs to its end (Twilio's answer, or an unknown outcome after Twilio:RequestTimeout).</summary>
    public async Task<Message> SendAsync(SendSmsRequest request, Actor actor, CancellationToken cancellationToken) =>
        (await SendAsync(request, actor, idempotencyKey: null, cancellationToken)).Message;

    /// <summary>
    /// <see cref="SendAsync(SendSmsRequest, Actor, CancellationToken)"/>, at most once per <paramref name="idempotencyKey"/>
    /// of this sender (<see cref="IdempotentSend"/>): a retry gets the first request's message, flagged
    /// <see cref="SendOutcome.Replayed"/>. The key is checked with the input (errors keyed <c>Idempotency-Key</c>);
    /// it also throws <see cref="IdempotencyKeyReusedException"/> and <see cref="IdempotencyKeyInFlightException"/>.
    /// Keys are scoped to the user, whichever way they send (page or any of their API keys).
    /// </summary>
    public async Task<SendOutcome> SendAsync(SendSmsRequest request, Actor actor, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var sender = await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        var normalized = Validate(request, idempotencyKey);
        await EnsureResendAllowedAsync(normalized, cancellationToken);
        await optOuts.EnsureMayTextAsync(normalized.To, sender, cancellationToken);
        if (idempotencyKey is null)
        {
            return new SendOutcome(await SendNewAsync(normalized, sender, Guid.CreateVersion7(time.GetUtcNow()), cancellationToken), Replayed: false);
        }

        return await idempotent.RunAsync(
            sender.UserId, idempotencyKey, RequestFingerprint.Of(normalized), id => SendNewAsync(normalized, sender, id, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// As <see cref="SendAsync(SendSmsRequest, Actor, CancellationToken)"/> with the message id chosen by the caller (a bulk
    /// job derives it from its row, so a retry after a crash meets the first attempt's record: the store throws
    /// <see cref="DuplicateMessageException"/> and Twilio is not called), paced by the caller instead of the per-user throttle.
    /// </summary>
    public async Task<Message> SendWithIdAsync(SendSmsRequest request, Actor actor, Guid messageId, CancellationToken cancellationToken)
    {
        var sender = await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        var normalized = Validate(request, idempotencyKey: null);
        await EnsureResendAllowedAsync(normalized, cancellationToken);
        await optOuts.EnsureMayTextAsync(normalized.To, sender, cancellationToken);
        return await SendNewAsync(normalized, sender, messageId, cancellationToken, throttled: false);
    }

    private async Task<Message> SendNewAsync(SendSmsRequest normalized, ActingUser sender, Guid id, CancellationToken cancellationToken, bool throttled = true)
    {
        // Per user, whichever way they send (page or any of their API keys).
        if (throttled && throttle is not null && !throttle.TryAcquire(sender.UserId, out var retryAfter))
        {
            throw new SendRateLimitedException(retryAfter);
        }

        var message = NewMessage(normalized, sender, id);
        message = planner?.Plan(message, normalized, sender) ?? message;
        await store.AddAsync(message, cancellationToken);
        await activity.RecordSendAsync(sender, message);

        // The record exists from here on: a send abandoned half-way (the caller went away) would only leave work for
        // reconciliation, so the rest no longer observes the caller's token; each call to Twilio is bounded by
        // Twilio:RequestTimeout instead.
        await notifier.NotifySafelyAsync(logger, message, MessageChangeKind.Created, CancellationToken.None);
        if (Scheduling.SendPlanner.HeldByApp(message))
        {
            return message;
        }

        return await SendClaimedAsync(message);
    }

    /// <summary>
    /// Calls Twilio for a message already stored (and, when it was held by the app, claimed by
    /// <see cref="Scheduling.ScheduledSendJob"/>), records its answer and publishes the change.
    /// </summary>
    public async Task<Message> SendClaimedAsync(Message message)
    {
        var settled = await CallTwilioAsync(message);
        await notifier.NotifySafelyAsync(logger, settled, MessageChangeKind.StatusChanged, CancellationToken.None);
        return settled;
    }

    // The one validation of a send: the recipient as typed becomes E.164 (or the parser says why not), then the
    // validator's rules apply to the normalised request.
    private SendSmsRequest Validate(SendSmsRequest request, string? idempotencyKey)
    {
        var recipient = RecipientParser.Parse(request.To, sms.Value.DefaultRegion);
        var normalized = request with { To = recipient.E164 ?? request.To ?? "" };
        var errors = new Dictionary<string, string[]>(SendSmsValidator.Validate(normalized));
        if (!recipient.IsValid)
        {
            errors["to"] = [recipient.Error!];
        }

        if (request.SendAt is { } sendAt && Scheduling.SendTimeRule.WhyInvalid(sendAt, time.GetUtcNow()) is { } badTime)
        {
            errors[Scheduling.SendTimeRule.Field] = [badTime];
        }

        if (idempotencyKey is not null && IdempotencyKey.WhyInvalid(idempotencyKey) is { } badKey)
        {
            errors[IdempotencyKey.Header] = [badKey];
        }

        if (errors.Count > 0)
        {
            throw new SendSmsValidationException(errors);
        }

        return normalized;
    }

    private async Task EnsureResendAllowedAsync(SendSmsRequest request, CancellationToken cancellationToken)
    {
        if (request.ResentFromId is not { } originalId)
        {
            return;
        }

        var original = await store.FindAsync(originalId, cancellationToken);
        var whyNot = original is null ? $"There is no message {originalId} to send again." : ResendRule.WhyNot(original);
        if (whyNot is not null)
        {
            throw new SendSmsValidationException(new Dictionary<string, string[]> { ["resentFromId"] = [whyNot] });
        }
    }

    private Message NewMessage(SendSmsRequest request, ActingUser sender, Guid id)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var segments = SmsSegmentCounter.Count(request.Body);
        var created = new StatusEvent { RawStatus = MessageStatus.Created.ToWireName(), Source = StatusEventSource.Local, ReceivedAt = now };
        return new Message
        {
            Id = id,
            To = request.To,
            From = settings.MessagingServiceSid ?? settings.EffectiveFrom ?? "",
            Body = request.Body,
            Segments = segments.Segments,
            Encoding = segments.Encoding,
            SentBy = sender.Label,
            ResentFromId = request.ResentFromId,
            CreatedAt = now,
            UpdatedAt = now,
            History = [created],
        };
    }

    private async Task<Message> CallTwilioAsync(Message message)
    {
        try
        {
            var resource = await CreateWithConnectRetriesAsync(message);
            return await RecordAcceptedAsync(message, resource);
        }
        catch (ApiException rejection) when (SendFailureClassifier.IsRejection(rejection))
        {
            logger.LogWarning("Twilio refused message {MessageId}: error {ErrorCode} (HTTP {Status})", message.Id, rejection.Code, rejection.Status);
            await optOuts.RecordRefusalAsync(message.To, message.Id, rejection.Code);
            return await RecordAsync(message, MessageStatus.Failed, rejection.Code, rejection.Message);
        }
        catch (Exception exception) when (exception is ApiException or ApiConnectionException or TimeoutException or OperationCanceledException)
        {
            // The request may have reached Twilio: retrying could send the SMS twice. Reconciliation settles it.
            logger.LogWarning("Outcome of sending message {MessageId} is unknown: {Reason}", message.Id, exception.GetType().Name);
            return await RecordAsync(message, MessageStatus.OutcomeUnknown, null, "Twilio did not answer in time; the message may or may not have been sent.");
        }
    }

    private async Task<MessageResource> CreateWithConnectRetriesAsync(Message message)
    {
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // The SDK takes no cancellation token; a request that outlives the timeout counts as an unknown outcome.
                return await MessageResource.CreateAsync(CreateOptions(message), twilio)
                    .WaitAsync(settings.RequestTimeout, time);
            }
            catch (ApiConnectionException exception) when (attempt < settings.ConnectRetries && SendFailureClassifier.ConnectionNeverOpened(exception))
            {
                logger.LogWarning("Could not connect to Twilio for message {MessageId} (attempt {Attempt}); retrying", message.Id, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), time);
            }
        }
    }

    private CreateMessageOptions CreateOptions(Message message)
    {
        var settings = options.Value;
        var create = new CreateMessageOptions(new PhoneNumber(message.To))
        {
            Body = message.Body,
            StatusCallback = callbackUrls.For(message.Id),
        };
        if (settings.MessagingServiceSid is { Length: > 0 } service)
        {
            create.MessagingServiceSid = service;
        }
        else
        {
            create.From = new PhoneNumber(message.From);
        }

        Scheduling.SendPlanner.AddTwilioSchedule(create, message);
        return create;
    }

    private async Task<Message> RecordAcceptedAsync(Message message, MessageResource resource)
    {
        var observation = new StatusEvent
        {
            RawStatus = resource.Status?.ToString() ?? "queued",
            Source = StatusEventSource.SendResponse,
            ReceivedAt = time.GetUtcNow(),
            ErrorCode = resource.ErrorCode,
            ErrorMessage = resource.ErrorMessage,
        };
        var segments = int.TryParse(resource.NumSegments, out var n) && n > 0 ? n : message.Segments;
        var updated = await store.UpdateAsync(
            message.Id,
            current => StatusTransitions.Apply(current with { Sid = resource.Sid, Segments = segments }, observation),
            CancellationToken.None) ?? message;
        logger.LogInformation("Twilio accepted message {MessageId} as {Sid} ({Status})", message.Id, resource.Sid, observation.RawStatus);

        // Callbacks that beat this response were parked under the SID; usually there are none, and then the update's
        // result is already the stored message (a later callback finds it by SID and publishes its own newer version).
        if ((await store.FindParkedAsync(resource.Sid, CancellationToken.None)).Count == 0)
        {
            return updated;
        }

        await recorder.ApplyParkedAsync(resource.Sid, CancellationToken.None);
        return await store.FindAsync(message.Id, CancellationToken.None) ?? updated;
    }

    private async Task<Message> RecordAsync(Message message, MessageStatus status, int? errorCode, string? errorMessage)
    {
        var observation = new StatusEvent
        {
            RawStatus = status.ToWireName(),
            Source = status == MessageStatus.OutcomeUnknown ? StatusEventSource.Local : StatusEventSource.SendResponse,
            ReceivedAt = time.GetUtcNow(),
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
        };
        return await store.UpdateAsync(message.Id, current => StatusTransitions.Apply(current, observation), CancellationToken.None) ?? message;
    }
}
