using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// <see cref="StatusCallbackRoute.Path"/>: Twilio's status callbacks. Anonymous (the signature, checked by
/// <see cref="ValidateTwilioRequestFilter"/> on the group, is the authentication), answered 200 only once the
/// status is durably stored (or is a repeat of one already stored); 403 for another account's callback; 503 when
/// the store cannot take it, so Twilio retries.
/// </summary>
public static class StatusCallbackEndpoints
{
    public const string EndpointName = "TwilioStatusCallback";

    public static RouteHandlerBuilder MapStatusCallbacks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapTwilioWebhook(StatusCallbackRoute.Path, HandleAsync, EndpointName)
            .Produces(StatusCodes.Status200OK);

    private static async Task<Results<Ok, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        [FromServices] StatusRecorder recorder,
        [FromServices] IOptions<TwilioOptions> twilio,
        [FromServices] TrackerMetrics metrics,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(StatusCallbackEndpoints));
        var request = context.Request;
        var form = await request.ReadFormAsync(cancellationToken);
        if (!StatusCallbackForm.IsForAccount(form, twilio.Value.EffectiveAccountSid))
        {
            // Signed with our token, yet about another account (a shared token, a replay across accounts): not ours to store.
            logger.LogWarning("Rejected a signed status callback for another account");
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.WrongAccount, StatusCodes.Status403Forbidden, "Wrong account", "AccountSid does not name the Twilio account this app is configured for.");
        }

        if (!StatusCallbackForm.TryParse(form, request, time.GetUtcNow(), out var observation, out var error))
        {
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.Invalid, StatusCodes.Status400BadRequest, "Invalid callback", error);
        }

        try
        {
            await recorder.RecordAsync(observation!, cancellationToken);
            return CallbackOutcome.Accepted(metrics);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or DuplicateMessageException or InvalidDataException)
        {
            // Nothing is half-applied (each store change is atomic); Twilio retries per the callback's connection overrides.
            logger.LogWarning(exception, "Could not store the {Status} callback for {Sid}; answering 503 so Twilio retries", observation!.Event.RawStatus, observation.Sid);
            return TwilioWebhooks.StoreUnavailable(context, metrics, "Status not stored");
        }
    }
}
