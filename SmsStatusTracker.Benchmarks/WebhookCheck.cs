using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Benchmarks;

/// <summary>The messages a webhook run seeds, the ones its measured requests are about, and those requests in file order.</summary>
internal sealed record WebhookPlan(IReadOnlyList<(Guid Id, string Sid)> Messages, IReadOnlyList<(Guid Id, string Sid)> Measured, IReadOnlyList<CallbackRequest> Requests);

/// <summary>
/// After a measured run: sends the callbacks wrk did not get to (unmeasured, so every message gets all of its
/// callbacks), then checks the store: every message delivered with each distinct callback stored once, or for
/// unknown SIDs each distinct callback parked once. Requests still in flight when wrk stopped are sent again;
/// they are repeats and must change nothing.
/// </summary>
internal static class WebhookCheck
{
    public static async Task CompleteAndVerifyAsync(Uri baseAddress, WebhookPlan plan, WrkResult result, int connections, IMessageStore store, bool unknown)
    {
        var remaining = new List<CallbackRequest>();
        for (var thread = 0; thread < Wrk.Threads; thread++)
        {
            var mine = plan.Requests.Where((_, i) => i % Wrk.Threads == thread).ToList();
            var sent = result.Sent.GetValueOrDefault(thread);
            if (sent < mine.Count)
            {
                var from = (int)Math.Max(1, sent - connections);
                // wrk calls request() once on its first thread to check the script; that request is counted but never sent.
                remaining.Add(mine[0]);
                remaining.AddRange(mine.Skip(from));
            }
        }

        var failures = await SendAsync(baseAddress, remaining);
        var wrong = new List<string>();
        foreach (var (id, sid) in plan.Measured)
        {
            if (unknown)
            {
                var parked = await store.FindParkedAsync(sid, CancellationToken.None);
                if (parked.Count != CallbackRequests.Statuses.Length)
                {
                    wrong.Add($"{sid}: {parked.Count} parked");
                }
            }
            else
            {
                var message = await store.FindBySidAsync(sid, CancellationToken.None);
                // Seeded with created and queued; each distinct callback adds one entry, a repeat none.
                if (message is null || message.Id != id || message.Status != MessageStatus.Delivered || message.History.Count != 2 + CallbackRequests.Statuses.Length)
                {
                    wrong.Add(message is null ? $"{sid}: missing" : $"{sid}: {message.Status.ToWireName()}, history {string.Join(",", message.History.Select(h => $"{h.RawStatus}/{h.Source}/{h.Outcome}"))}");
                }
            }
        }

        var expectation = unknown ? "every callback parked exactly once" : "every message delivered, each callback stored once";
        Console.WriteLine(wrong.Count == 0 && failures == 0
            ? $"  check passed: {plan.Measured.Count} messages, {expectation} ({remaining.Count} unsent or in-flight requests sent afterwards, all 2xx)"
            : $"  CHECK FAILED: {wrong.Count} of {plan.Measured.Count} messages wrong ({string.Join("; ", wrong.Take(5))}), {failures} non-2xx answers to the {remaining.Count} requests sent afterwards");
    }

    private static async Task<int> SendAsync(Uri baseAddress, List<CallbackRequest> requests)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var failures = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (request, cancellationToken) =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.PathAndQuery)
            {
                Content = new StringContent(request.Body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            message.Content.Headers.ContentType!.CharSet = null;
            message.Headers.Add(TwilioHeaders.Signature, request.Signature);
            message.Headers.Add(TwilioHeaders.IdempotencyToken, request.Token);
            using var response = await http.SendAsync(message, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }
}
