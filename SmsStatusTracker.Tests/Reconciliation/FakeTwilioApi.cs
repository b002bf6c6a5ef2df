using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Reconciliation;

/// <summary>
/// Twilio's Messages API as an in-process HTTP handler under the real SDK: fetch and list answer from
/// <see cref="Messages"/>; every request is recorded with the (fake) time it was made.
/// </summary>
public sealed class FakeTwilioApi(TimeProvider time) : HttpMessageHandler
{
    public ConcurrentDictionary<string, SimulatedMessage> Messages { get; } = new();

    public ConcurrentQueue<(DateTimeOffset At, string PathAndQuery)> Requests { get; } = new();

    /// <summary>When set, every request is answered with this status and an error body.</summary>
    public HttpStatusCode? FailWith { get; set; }

    public SimulatedMessage Add(string to, string body, MessageStatus status, DateTimeOffset createdAt, string? sid = null, DateTimeOffset? sentAt = null)
    {
        var message = new SimulatedMessage
        {
            Sid = sid ?? "SM" + Guid.NewGuid().ToString("N"),
            AccountSid = TwilioOptions.SimulatorAccountSid,
            To = to,
            From = TwilioOptions.SimulatorFrom,
            Body = body,
            Segments = 1,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            SentAt = sentAt,
            Status = status,
        };
        Messages[message.Sid] = message;
        return message;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        Requests.Enqueue((time.GetUtcNow(), Uri.UnescapeDataString(uri.PathAndQuery)));
        if (FailWith is { } failure)
        {
            return Task.FromResult(Json(failure, TwilioResourceJson.Error(20500, "Failing on purpose", (int)failure)));
        }

        var path = uri.AbsolutePath;
        if (path.EndsWith("/Messages.json", StringComparison.Ordinal))
        {
            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            var items = Messages.Values
                .Where(m => query["To"] is not { } to || m.To == to)
                .Where(m => query["DateSent>"] is null || m.SentAt is not null)
                .OrderByDescending(m => m.CreatedAt)
                .Select(TwilioResourceJson.Message)
                .ToArray();
            return Task.FromResult(Json(HttpStatusCode.OK, new Dictionary<string, object?>
            {
                ["messages"] = items,
                ["first_page_uri"] = path + "?Page=0",
                ["next_page_uri"] = null,
                ["previous_page_uri"] = null,
                ["uri"] = path + "?Page=0",
                ["page"] = 0,
                ["page_size"] = 50,
                ["start"] = 0,
                ["end"] = Math.Max(items.Length - 1, 0),
            }));
        }

        var sid = Path.GetFileNameWithoutExtension(path);
        return Task.FromResult(Messages.TryGetValue(sid, out var message)
            ? Json(HttpStatusCode.OK, TwilioResourceJson.Message(message))
            : Json(HttpStatusCode.NotFound, TwilioResourceJson.Error(20404, "The requested resource was not found", 404)));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json") };
}
