using System.Net.Mime;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// Lets through only a readable, correctly signed Twilio form post (as twilio-aspnet's
/// <c>ValidateTwilioRequestFilter</c> does), in this order: 413 for a body over <see cref="MaxBodyBytes"/>,
/// 415 for anything but a URL-encoded form, 400 for a form that cannot be read within the limits, 403 for a
/// missing or wrong <c>X-Twilio-Signature</c>. Fails closed; each rejection is counted here, and an exception
/// from here or the handler is counted as <see cref="CallbackOutcome.Error"/>.
/// </summary>
public sealed class ValidateTwilioRequestFilter(TwilioSignatureValidator signatures, TrackerMetrics metrics, ILogger<ValidateTwilioRequestFilter> logger, RejectedCallbackRecorder doctor) : IEndpointFilter
{
    public const int MaxBodyBytes = 32 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = 100,
        KeyLengthLimit = 256,
        ValueLengthLimit = MaxBodyBytes,
        BufferBody = false,
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            // Every rejection, here or the handler's wrong-account 403, is noted for the webhook doctor (never failing the answer).
            if (await ValidateAsync(invocation.HttpContext) is { } rejected)
            {
                doctor.Record(invocation.HttpContext, rejected, afterHandler: false);
                return rejected;
            }

            var result = await next(invocation);
            doctor.Record(invocation.HttpContext, result, afterHandler: true);
            return result;
        }
        catch
        {
            metrics.CallbackRejected(CallbackOutcome.Error);
            throw;
        }
    }

    private async Task<IResult?> ValidateAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (!IsUrlEncodedForm(request))
        {
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.ContentType, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Status callbacks are application/x-www-form-urlencoded.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        IFormCollection form;
        try
        {
            // Read once here; the handler's ReadFormAsync gets this same (cached) form.
            form = await request.ReadFormAsync(FormLimits, context.RequestAborted);
        }
        catch (BadHttpRequestException exception)
        {
            return exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : CallbackOutcome.Rejected(metrics, CallbackOutcome.Invalid, StatusCodes.Status400BadRequest, "Unreadable callback", "The form body could not be read.");
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException or ArgumentException or System.Text.DecoderFallbackException)
        {
            logger.LogWarning("Unreadable status callback body ({Reason})", exception.GetType().Name);
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.Invalid, StatusCodes.Status400BadRequest, "Unreadable callback", "The form body is malformed or exceeds the field limits.");
        }

        if (!signatures.IsValid(request, form))
        {
            logger.LogWarning("Rejected a status callback with a missing or invalid X-Twilio-Signature for {Url}", signatures.CalledUrl(request));
            return CallbackOutcome.Rejected(metrics, CallbackOutcome.Signature, StatusCodes.Status403Forbidden, "Invalid signature", "X-Twilio-Signature is missing or does not match this request.");
        }

        return null;
    }

    private IResult TooLarge() =>
        CallbackOutcome.Rejected(metrics, CallbackOutcome.TooLarge, StatusCodes.Status413PayloadTooLarge, "Callback too large", $"A status callback is at most {MaxBodyBytes} bytes.");

    private static bool IsUrlEncodedForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(MediaTypeNames.Application.FormUrlEncoded, StringComparison.OrdinalIgnoreCase);
}
