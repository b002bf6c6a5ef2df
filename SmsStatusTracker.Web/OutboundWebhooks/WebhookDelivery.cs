using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Web.OutboundWebhooks;

/// <summary>
/// One POST of an event to an endpoint, signed the Standard Webhooks way (<see cref="WebhookSignature"/>) with a
/// timestamp of this attempt, within <see cref="OutboundWebhookOptions.Timeout"/>. Redirects are not followed and
/// the connection goes through <see cref="WebhookConnectGuard"/>. Never throws for the receiver's faults.
/// </summary>
public sealed class WebhookDelivery(IHttpClientFactory clients, IOptionsMonitor<OutboundWebhookOptions> options, TimeProvider time)
{
    public const string HttpClientName = "outbound-webhooks";
    public const string UserAgent = "SmsStatusTracker-Webhooks/1.0";
    private const int MaxErrorBodyChars = 200;

    public async Task<DeliveryResult> SendAsync(WebhookEndpoint endpoint, string secret, OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(outboxEvent.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, outboxEvent.EventId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, outboxEvent.EventId, timestamp, outboxEvent.Payload));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Timeout);
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                return new DeliveryResult(code, Elapsed(), null);
            }

            var body = await ReadStartAsync(response, timeout.Token);
            return new DeliveryResult(code, Elapsed(), $"HTTP {code}{(body.Length > 0 ? ": " + body : "")}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(null, Elapsed(), $"No response within {options.CurrentValue.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception)
        {
            var refused = FindRefusal(exception);
            return new DeliveryResult(null, Elapsed(), refused?.Message ?? $"Connection failed: {exception.InnerException?.Message ?? exception.Message}");
        }
    }

    private static WebhookAddressRefusedException? FindRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream);
            var buffer = new char[MaxErrorBodyChars];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
            return new string(buffer, 0, read).ReplaceLineEndings(" ").Trim();
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
