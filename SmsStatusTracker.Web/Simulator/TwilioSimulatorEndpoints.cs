using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Twilio's Messages API as the official SDK calls it, served under <see cref="BasePath"/>: create, fetch
/// and list (with Twilio's paging), Basic auth checked, Twilio-shaped JSON and errors. Mapped only in
/// Simulator mode. <see cref="SimulatorSettings.ApiFailure"/> makes create fail as a troubled Twilio would.
/// </summary>
public static class TwilioSimulatorEndpoints
{
    public const string BasePath = "/simulator";

    public static IEndpointRouteBuilder MapTwilioSimulator(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath + "/2010-04-01/Accounts/{accountSid}").ExcludeFromDescription();
        api.MapPost("/Messages.json", CreateAsync).DisableAntiforgery();
        api.MapGet("/Messages/{sid}.json", Fetch);
        api.MapPost("/Messages/{sid}.json", SimulatedScheduling.UpdateAsync).DisableAntiforgery();
        api.MapGet("/Messages.json", SimulatorMessageList.List);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        string accountSid,
        HttpRequest request,
        [FromServices] IOptions<TwilioOptions> options,
        [FromServices] SimulatedTwilioLedger ledger,
        [FromServices] SimulatorCallbackDispatcher dispatcher,
        [FromServices] SimulatorSettings settings,
        [FromServices] TimeProvider time,
        [FromServices] IHostApplicationLifetime lifetime,
        [FromServices] IStatusCallbackUrls callbackUrls,
        CancellationToken cancellationToken)
    {
        if (Unauthorized(request, accountSid, options.Value) is { } denied)
        {
            return denied;
        }

        if (settings.ApiFailure == SimulatedApiFailure.ServerError)
        {
            return Error(500, 20500, "Internal Server Error");
        }

        if (!request.HasFormContentType)
        {
            return Error(400, 21601, "Request must be form-encoded.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        string to = form["To"].ToString(), body = form["Body"].ToString();
        string? from = NullIfEmpty(form["From"]), service = NullIfEmpty(form["MessagingServiceSid"]);
        if (to.Length == 0)
        {
            return Error(400, 21604, "A 'To' phone number is required.");
        }

        if (from is null && service is null)
        {
            return Error(400, 21603, "A 'From' phone number is required.");
        }

        if (body.Length == 0)
        {
            return Error(400, 21602, "Message body is required.");
        }

        if (body.Length > 1600)
        {
            return Error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        if (SimulatedScheduling.Read(form, service, time.GetUtcNow(), out var sendAt) is { } badSchedule)
        {
            return badSchedule;
        }

        if (SimulatedOutcome.RefusalFor(to) is { } refusal)
        {
            return Error(400, refusal.Code, refusal.Message);
        }

        Uri? callback = null;
        if (NullIfEmpty(form["StatusCallback"]) is { } requested
            && (!Uri.TryCreate(requested, UriKind.Absolute, out callback) || !SimulatorCallbackTarget.IsOwn(callback, callbackUrls)))
        {
            // Callbacks go to this app's own webhook only: otherwise anyone able to send could make the server post anywhere.
            return Error(400, 21609, "Invalid StatusCallback: the simulator only calls this app's own status callback URL.");
        }

        var now = time.GetUtcNow();
        var message = new SimulatedMessage
        {
            Sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            AccountSid = accountSid,
            To = to,
            From = from,
            MessagingServiceSid = service,
            Body = body,
            Segments = Math.Max(1, SmsSegmentCounter.Count(body).Segments),
            StatusCallback = callback,
            CreatedAt = now,
            UpdatedAt = now,
            Status = sendAt is not null ? MessageStatus.Scheduled : service is null ? MessageStatus.Queued : MessageStatus.Accepted,
            SendAt = sendAt,
        };
        if (!ledger.TryAdd(message))
        {
            return Error(429, 20429, $"Too Many Requests: the simulator holds {settings.MaxMessages} messages still in flight (Twilio:Simulator:MaxMessages).");
        }

        if (sendAt is { } due)
        {
            dispatcher.StartWhenDue(message, due);
            return Results.Json(TwilioResourceJson.Message(message), statusCode: StatusCodes.Status201Created);
        }

        if (settings.ApiFailure is SimulatedApiFailure.ServerErrorAfterCreate or SimulatedApiFailure.Timeout)
        {
            dispatcher.Start(message);
            if (settings.ApiFailure == SimulatedApiFailure.Timeout)
            {
                await HangAsync(settings.TimeoutHang, time, cancellationToken, lifetime.ApplicationStopping);
            }

            return Error(500, 20500, "Internal Server Error");
        }

        if (settings.CallbacksBeforeResponse)
        {
            await dispatcher.RunAsync(message, cancellationToken);
        }
        else
        {
            dispatcher.Start(message);
        }

        return Results.Json(TwilioResourceJson.Message(message), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Fetch(string accountSid, string sid, HttpRequest request, [FromServices] IOptions<TwilioOptions> options, [FromServices] SimulatedTwilioLedger ledger)
    {
        if (Unauthorized(request, accountSid, options.Value) is { } denied)
        {
            return denied;
        }

        return ledger.Find(sid) is { } message && message.AccountSid == accountSid
            ? Results.Json(TwilioResourceJson.Message(message))
            : Error(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages/{sid}.json was not found");
    }

    // Hangs until the caller gives up or the app stops, whichever comes first, so shutdown is never held up.
    private static async Task HangAsync(TimeSpan hang, TimeProvider time, CancellationToken requestAborted, CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        try
        {
            await Task.Delay(hang, time, either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static IResult? Unauthorized(HttpRequest request, string accountSid, TwilioOptions options)
    {
        var expected = $"{options.EffectiveAccountSid}:{options.EffectiveAuthToken}";
        var given = AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme == "Basic"
            ? TryDecode(header.Parameter)
            : null;
        var valid = given is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            && accountSid == options.EffectiveAccountSid;
        return valid ? null : Error(401, 20003, "Authenticate");
    }

    private static string? TryDecode(string? base64)
    {
        try
        {
            return base64 is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString();

    internal static IResult Error(int status, int code, string message) =>
        Results.Json(TwilioResourceJson.Error(code, message, status), statusCode: status);
}
