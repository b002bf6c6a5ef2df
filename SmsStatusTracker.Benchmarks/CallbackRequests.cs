using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Benchmarks;

/// <summary>One signed status callback, as a line of the file <c>webhook.lua</c> reads.</summary>
internal sealed record CallbackRequest(int Message, string Status, string PathAndQuery, string Signature, string Token, string Body)
{
    public string Line => $"{PathAndQuery}\t{Signature}\t{Token}\t{Body}";
}

/// <summary>
/// The callbacks a batch of sent messages gets: queued, sent and delivered for each, shuffled so they arrive out of
/// order, and a share of them sent twice with the same idempotency token (Twilio's retries), which must be
/// acknowledged without being stored again.
/// </summary>
internal static class CallbackRequests
{
    public static readonly string[] Statuses = ["queued", "sent", "delivered"];

    public static List<CallbackRequest> For(IReadOnlyList<(Guid Id, string Sid)> messages, Uri publicBaseUrl, string authToken, double duplicateShare, int seed)
    {
        var random = new Random(seed);
        var requests = new List<CallbackRequest>(messages.Count * 4);
        for (var i = 0; i < messages.Count; i++)
        {
            var (id, sid) = messages[i];
            var pathAndQuery = StatusCallbackRoute.PathFor(id);
            foreach (var status in Statuses)
            {
                var form = new List<KeyValuePair<string, string>>
                {
                    new("SmsSid", sid), new("SmsStatus", status), new("MessageStatus", status),
                    new("To", "+15005550006"), new("MessageSid", sid), new("AccountSid", TwilioOptions.SimulatorAccountSid),
                    new("From", TwilioOptions.SimulatorFrom), new("ApiVersion", "2010-04-01"),
                };
                var url = publicBaseUrl.ToString().TrimEnd('/') + pathAndQuery;
                var body = string.Join('&', form.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
                requests.Add(new CallbackRequest(i, status, pathAndQuery, TwilioRequestSigner.Sign(authToken, url, form), Guid.NewGuid().ToString("N"), body));
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(requests));
        var duplicates = (int)(requests.Count * duplicateShare);
        for (var d = 0; d < duplicates; d++)
        {
            requests.Insert(random.Next(requests.Count), requests[random.Next(requests.Count)]);
        }

        return requests;
    }

    public static async Task WriteAsync(string path, IEnumerable<CallbackRequest> requests) =>
        await File.WriteAllLinesAsync(path, requests.Select(r => r.Line));

    /// <summary>A message as it stands after Twilio accepted it: queued, with its SID, waiting for callbacks.</summary>
    public static Message Seeded(Guid id, string sid, DateTimeOffset at) => new()
    {
        Id = id,
        Sid = sid,
        To = "+15005550006",
        From = TwilioOptions.SimulatorFrom,
        Body = "Your order has shipped and arrives tomorrow.",
        Segments = 1,
        Status = MessageStatus.Queued,
        SentBy = "bench@example.com",
        CreatedAt = at,
        UpdatedAt = at,
        History =
        [
            new StatusEvent { RawStatus = "created", Source = StatusEventSource.Local, ReceivedAt = at },
            new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = at },
        ],
    };
}
