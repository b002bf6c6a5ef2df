using System.Net.Mime;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Diagnostics;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Web.Endpoints;

/// <summary>
/// <c>POST /api/sms-status</c>: Twilio's status callbacks. Anonymous (the signature is the authentication),
/// answered 200 only once the status is durably stored (or is a repeat of one already stored); 403 for another
/// account's callback; 503 when the store cannot take it, so Twilio retries.
/// </summary>
public static class StatusCallbackEndpoints
{
    public const string Path = "/api/sms-status";
    public const int MaxBodyBytes = 32 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = 100,
        KeyLengthLimit = 256,
        ValueLengthLimit = MaxBodyBytes,
        BufferBody = false,
    };

    public static IEndpointRouteBuilder MapStatusCallbacks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithName("TwilioStatusCallback")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        [FromServices] TwilioSignatureValidator signatures,
        [FromServices] StatusRecorder recorder,
        [FromServices] IOptions<TwilioOptions> twilio,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(StatusCallbackEndpoints));
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Callback too large", $"A status callback is at most {MaxBodyBytes} bytes.");
        }

        if (!IsUrlEncodedForm(request))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Status callbacks are application/x-www-form-urlencoded.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(FormLimits, cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            return exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Problem(StatusCodes.Status413PayloadTooLarge, "Callback too large", $"A status callback is at most {MaxBodyBytes} bytes.")
                : Problem(StatusCodes.Status400BadRequest, "Unreadable callback", "The form body could not be read.");
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException or ArgumentException or System.Text.DecoderFallbackException)
        {
            logger.LogWarning("Unreadable status callback body ({Reason})", exception.GetType().Name);
            return Problem(StatusCodes.Status400BadRequest, "Unreadable callback", "The form body is malformed or exceeds the field limits.");
        }

        if (!signatures.IsValid(request, form))
        {
            logger.LogWarning("Rejected a status callback with a missing or invalid X-Twilio-Signature for {Url}", signatures.CalledUrl(request));
            return Problem(StatusCodes.Status403Forbidden, "Invalid signature", "X-Twilio-Signature is missing or does not match this request.");
        }

        if (!StatusCallbackForm.IsForAccount(form, twilio.Value.EffectiveAccountSid))
        {
            // Signed with our token, yet about another account (a shared token, a replay across accounts): not ours to store.
            logger.LogWarning("Rejected a signed status callback for another account");
            context.Items[CallbackMetricsMiddleware.ReasonItem] = "account";
            return Problem(StatusCodes.Status403Forbidden, "Wrong account", "AccountSid does not name the Twilio account this app is configured for.");
        }

        if (!StatusCallbackForm.TryParse(form, request, time.GetUtcNow(), out var observation, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid callback", error);
        }

        try
        {
            await recorder.RecordAsync(observation!, cancellationToken);
            return TypedResults.Ok();
        }
        catch (Exception exception) when (exception is StoreUnavailableException or DuplicateMessageException or InvalidDataException)
        {
            // Nothing is half-applied (each store change is atomic); Twilio retries per the callback's connection overrides.
            logger.LogWarning(exception, "Could not store the {Status} callback for {Sid}; answering 503 so Twilio retries", observation!.Event.RawStatus, observation.Sid);
            context.Response.Headers[HeaderNames.RetryAfter] = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Status not stored", "The message store is unavailable right now; retry later.");
        }
    }

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(MediaTypeNames.Application.FormUrlEncoded, StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult Problem(int status, string title, string? detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
