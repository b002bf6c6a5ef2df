using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

/// <summary>
/// Notes a rejected Twilio post for the webhook doctor, from <see cref="ValidateTwilioRequestFilter"/>. Never fails
/// the answer: everything is caught, the work is bounded (a few header reads, at most
/// <see cref="SignatureDiagnosis.MaxCandidates"/> HMACs) and the log is an in-memory ring.
/// </summary>
public sealed class RejectedCallbackRecorder(
    RejectedCallbackLog log,
    TwilioSignatureValidator signatures,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<RejectedCallbackRecorder> logger)
{
    /// <summary>The headers a proxy sets (and the X-Original-* the forwarded-headers middleware keeps when it applies them).</summary>
    public static readonly string[] ProxyHeaderNames =
    [
        "Host", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "X-Forwarded-Port", "X-Forwarded-For", "Forwarded",
        "X-Original-Proto", "X-Original-Host", "X-Original-For", "X-Original-Prefix",
    ];

    /// <summary>Records <paramref name="result"/> when it is a rejection; <paramref name="afterHandler"/>: the signature was valid.</summary>
    public void Record(HttpContext context, object? result, bool afterHandler)
    {
        // A handler's Results<…> wraps the result it chose.
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        if (result is not ProblemHttpResult { StatusCode: var status } || status is not (400 or 403 or 413 or 415))
        {
            return;
        }

        try
        {
            log.Add(Diagnose(context, status switch
            {
                413 => CallbackOutcome.TooLarge,
                415 => CallbackOutcome.ContentType,
                400 => CallbackOutcome.Invalid,
                _ => afterHandler ? CallbackOutcome.WrongAccount : CallbackOutcome.Signature,
            }, status));
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Could not note a rejected Twilio post for the webhook doctor");
        }
    }

    private RejectedCallback Diagnose(HttpContext context, string reason, int status)
    {
        var request = context.Request;
        var options = twilio.Value;
        var checkedUrl = signatures.CalledUrl(request);
        var signature = request.Headers[TwilioHeaders.Signature].ToString();
        string? signedUrl = null;
        var tried = 0;
        var form = context.Features.Get<IFormFeature>()?.Form;
        if (reason == CallbackOutcome.Signature && signature.Length > 0 && form is not null)
        {
            (signedUrl, tried) = SignatureDiagnosis.FindSignedUrl(
                SignatureDiagnosis.Candidates(request, options.PublicBaseUrl), form, signature, options.EffectiveAuthToken);
        }

        return new RejectedCallback
        {
            At = time.GetUtcNow(),
            Path = request.Path.Value ?? "",
            Reason = reason,
            StatusCode = status,
            CheckedUrl = RejectedCallbackLog.Cut(checkedUrl),
            ConfiguredBaseUrl = options.PublicBaseUrl,
            ProxyHeaders = ProxyHeaderNames
                .Where(name => request.Headers.ContainsKey(name))
                .Select(name => KeyValuePair.Create(name, RejectedCallbackLog.Cut(request.Headers[name].ToString())))
                .ToArray(),
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
            SignaturePrefix = signature.Length == 0 ? null : signature[..Math.Min(4, signature.Length)] + "…",
            SignedUrl = signedUrl is null ? null : RejectedCallbackLog.Cut(signedUrl),
            CandidatesTried = tried,
            Advice = reason switch
            {
                CallbackOutcome.Signature => SignatureDiagnosis.Advise(checkedUrl, signedUrl, signature.Length > 0, options.PublicBaseUrl),
                CallbackOutcome.WrongAccount => "Correctly signed, but its AccountSid is not Twilio:AccountSid: another account sharing this auth token, or a subaccount's webhook pointed here.",
                CallbackOutcome.ContentType => $"Not a form post ({RejectedCallbackLog.Cut(request.ContentType ?? "no Content-Type")}): Twilio posts application/x-www-form-urlencoded; a proxy may have rewritten it.",
                CallbackOutcome.TooLarge => $"Over {ValidateTwilioRequestFilter.MaxBodyBytes / 1024} KB: not a Twilio callback.",
                _ => "The form body could not be read within the limits (too many fields, a field too long, or malformed).",
            },
        };
    }
}
