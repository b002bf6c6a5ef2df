using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// <see cref="InboundSmsRoute.Path"/>: Twilio's incoming-message webhook, validated exactly as status callbacks are
/// (<see cref="ValidateTwilioRequestFilter"/>: 413, 415, 400, 403). Answered with an empty TwiML <c>&lt;Response/&gt;</c>
/// (no auto-reply) only once the message and any keyword's ledger change are durably stored; a retry of a stored
/// message gets the same answer; 503 with Retry-After when the store cannot take it, so Twilio retries.
/// </summary>
public static class InboundSmsEndpoints
{
    public const string EndpointName = "TwilioIncomingMessage";
    public const string EmptyTwiml = "<Response/>";
    public const string TwimlContentType = "text/xml";

    public static RouteHandlerBuilder MapInboundSms(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapTwilioWebhook(InboundSmsRoute.Path, HandleAsync, EndpointName)
            .Produces<string>(StatusCodes.Status200OK, TwimlContentType);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        [FromServices] InboundRecorder recorder,
        [FromServices] IOptions<TwilioOptions> twilio,
        [FromServices] TrackerMetrics metrics,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(InboundSmsEndpoints));
        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (!StatusCallbackForm.IsForAccount(form, twilio.Value.EffectiveAccountSid))
        {
            logger.LogWarning("Rejected a signed incoming message for another account");
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.WrongAccount, StatusCodes.Status403Forbidden, "Wrong account", "AccountSid does not name the Twilio account this app is configured for.");
        }

        if (!InboundSmsForm.TryParse(form, time.GetUtcNow(), out var message, out var error))
        {
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.Invalid, StatusCodes.Status400BadRequest, "Invalid incoming message", error);
        }

        try
        {
            await recorder.RecordAsync(message!, cancellationToken);
            metrics.CallbackAccepted();
            return TypedResults.Text(EmptyTwiml, TwimlContentType);
        }
        catch (StoreUnavailableException exception)
        {
            logger.LogWarning(exception, "Could not store incoming message {Sid}; answering 503 so Twilio retries", message!.Sid);
            return TwilioWebhooks.StoreUnavailable(context, metrics, "Message not stored");
        }
    }
}
