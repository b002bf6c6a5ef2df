using Microsoft.AspNetCore.Http.HttpResults;
using SmsStatusTracker.Core.Diagnostics;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// How a status callback was answered, decided once by the filter or the handler and counted once as it is
/// decided: accepted (durably stored, 200), or rejected with a reason tag on <c>smsstatus.callbacks.rejected</c>.
/// </summary>
public static class CallbackOutcome
{
    public const string Invalid = "invalid";
    public const string Signature = "signature";
    public const string WrongAccount = "account";
    public const string TooLarge = "too_large";
    public const string ContentType = "content_type";
    public const string StoreUnavailable = "store_unavailable";
    public const string Error = "error";

    public static Ok Accepted(TrackerMetrics metrics)
    {
        metrics.CallbackAccepted();
        return TypedResults.Ok();
    }

    public static ProblemHttpResult Rejected(TrackerMetrics metrics, string reason, int status, string title, string? detail)
    {
        metrics.CallbackRejected(reason);
        return TypedResults.Problem(detail: detail, statusCode: status, title: title);
    }
}
