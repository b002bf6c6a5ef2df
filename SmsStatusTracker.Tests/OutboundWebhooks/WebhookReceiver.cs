using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>
/// An integrator's receiver on Kestrel at 127.0.0.1: verifies every delivery's Standard Webhooks signature with the
/// secret it was given (a bad one is answered 401 and counted), records the good ones, and answers what
/// <see cref="Answer"/> says. Can be stopped and started again on the same port, as a receiver going down and back.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? app;

    public WebhookReceiver(int? port = null)
    {
        Port = port ?? FreePort.Next();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/sms";

    public string? Secret { get; set; }

    /// <summary>The status code to answer a correctly signed delivery with (200 unless a test says otherwise).</summary>
    public Func<Received, int> Answer { get; set; } = _ => 200;

    /// <summary>How long each correctly signed delivery takes to answer (a slow receiver keeps deliveries in flight).</summary>
    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<Received> Deliveries { get; } = new();

    public int BadSignatures => badSignatures;

    private int badSignatures;

    public sealed record Received(string Id, long Timestamp, string Type, Guid? MessageId, long? Version, string? Status, string Body);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        app = builder.Build();
        app.MapPost("/hooks/sms", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers[WebhookSignature.IdHeader].ToString();
            var timestampText = request.Headers[WebhookSignature.TimestampHeader].ToString();
            var signature = request.Headers[WebhookSignature.SignatureHeader].ToString();
            if (Secret is null || !long.TryParse(timestampText, CultureInfo.InvariantCulture, out var timestamp)
                || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 300
                || !WebhookSignature.Verify(Secret, id, timestamp, body, signature))
            {
                Interlocked.Increment(ref badSignatures);
                return Results.StatusCode(401);
            }

            using var json = JsonDocument.Parse(body);
            var type = json.RootElement.GetProperty("type").GetString()!;
            var data = json.RootElement.GetProperty("data");
            var received = type == OutboundEventPayload.StatusChangedType
                ? new Received(id, timestamp, type, data.GetProperty("id").GetGuid(), data.GetProperty("version").GetInt64(), data.GetProperty("status").GetString(), body)
                : new Received(id, timestamp, type, null, null, null, body);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            var code = Answer(received);
            if (code is >= 200 and < 300)
            {
                Deliveries.Enqueue(received);
            }

            return Results.StatusCode(code);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            app = null;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the deliveries, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyCollection<Received>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(Deliveries.ToArray()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}; received {Deliveries.Count}, bad signatures {BadSignatures}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
