using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Plays a simulated message's life (sending → sent → delivered, or its failure) and posts a signed status
/// callback for each change, retrying as the callback URL's connection overrides ask. Chaos settings can
/// duplicate, drop or reorder callbacks.
/// </summary>
public sealed class SimulatorCallbackDispatcher(
    IHttpClientFactory httpClients,
    SimulatorSettings settings,
    SimulatedTwilioLedger ledger,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<SimulatorCallbackDispatcher> logger) : IAsyncDisposable
{
    public const string HttpClientName = "twilio-simulator-callbacks";

    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> running = new();
    private readonly Lock randomLock = new();
    private Random? seeded;

    /// <summary>Runs the message's life in the background.</summary>
    public void Start(SimulatedMessage message) => InBackground(message, token => RunAsync(message, token));

    /// <summary>
    /// A scheduled message: waits for its SendAt (checking the clock at least every second, so a test's clock can
    /// move it), then, unless it was canceled meanwhile, reports <c>queued</c> and runs its life.
    /// </summary>
    public void StartWhenDue(SimulatedMessage message, DateTimeOffset sendAt) => InBackground(message, async token =>
    {
        while (time.GetUtcNow() < sendAt)
        {
            var wait = sendAt - time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, token);
        }

        if (ledger.TryMoveFromScheduled(message.Sid, Core.Messages.MessageStatus.Queued, time.GetUtcNow()) is { } queued)
        {
            await DeliverAsync(queued, new SimulatedStep(Core.Messages.MessageStatus.Queued), queued.UpdatedAt, token);
            await RunAsync(queued, token);
        }
    });

    private void InBackground(SimulatedMessage message, Func<CancellationToken, Task> work)
    {
        var id = Guid.NewGuid();
        running[id] = Task.Run(async () =>
        {
            try
            {
                await work(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Simulated message {Sid} stopped unexpectedly", message.Sid);
            }
            finally
            {
                running.TryRemove(id, out _);
            }
        });
    }

    /// <summary>Runs the message's life and returns when its last callback was answered (or given up on).</summary>
    public async Task RunAsync(SimulatedMessage message, CancellationToken cancellationToken)
    {
        var later = new List<(SimulatedMessage Snapshot, SimulatedStep Step, DateTimeOffset At)>();
        foreach (var step in SimulatedOutcome.StepsFor(message.To, settings.FailureRate > 0 && NextDouble() < settings.FailureRate ? settings.FailureErrorCode : null))
        {
            await Task.Delay(step.Status == Core.Messages.MessageStatus.Delivered ? settings.StepDelay + settings.DeliveryDelay : settings.StepDelay, time, cancellationToken);
            var at = time.GetUtcNow();
            var snapshot = ledger.Advance(message.Sid, step, at);
            if (settings.ShuffleOrder)
            {
                later.Add((snapshot, step, at));
            }
            else
            {
                await DeliverAsync(snapshot, step, at, cancellationToken);
            }
        }

        foreach (var (snapshot, step, at) in later.OrderBy(_ => NextDouble()))
        {
            await DeliverAsync(snapshot, step, at, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Values);
        stopping.Dispose();
    }

    private async Task DeliverAsync(SimulatedMessage message, SimulatedStep step, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (message.StatusCallback is not { } callback)
        {
            return;
        }

        if (NextDouble() < settings.DropRate)
        {
            logger.LogInformation("Simulator chaos: dropping the {Status} callback for {Sid}", step.Status, message.Sid);
            return;
        }

        var form = StatusCallbackRequest.FormFor(message, step, at);
        var token = Guid.NewGuid().ToString("N");
        await PostWithRetriesAsync(callback, form, token, cancellationToken);
        if (NextDouble() < settings.DuplicateRate)
        {
            logger.LogInformation("Simulator chaos: sending the {Status} callback for {Sid} twice", step.Status, message.Sid);
            await PostWithRetriesAsync(callback, form, token, cancellationToken);
        }
    }

    private async Task PostWithRetriesAsync(Uri callback, Dictionary<string, string> form, string idempotencyToken, CancellationToken cancellationToken)
    {
        var overrides = ConnectionOverrides.Parse(callback.Fragment);
        var url = callback.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
        var signature = TwilioRequestSigner.Sign(twilio.Value.EffectiveAuthToken, url, form);
        for (var attempt = 1; ; attempt++)
        {
            var (status, timedOut) = await PostOnceAsync(url, form, signature, idempotencyToken, overrides.ReadTimeout, cancellationToken);
            ledger.RecordAttempt(new CallbackAttempt(form["MessageSid"], form["MessageStatus"], attempt, status, time.GetUtcNow()));
            if (status is >= 200 and < 300)
            {
                return;
            }

            if (attempt > overrides.RetryCount || !overrides.ShouldRetry(status, timedOut))
            {
                logger.LogWarning("Simulator gave up on the {Status} callback for {Sid} after {Attempts} attempt(s); last answer {HttpStatus}",
                    form["MessageStatus"], form["MessageSid"], attempt, status);
                return;
            }

            await Task.Delay(settings.RetryDelay, time, cancellationToken);
        }
    }

    private async Task<(int Status, bool TimedOut)> PostOnceAsync(string url, Dictionary<string, string> form, string signature, string idempotencyToken, TimeSpan readTimeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioHeaders.Signature, signature);
        request.Headers.Add(TwilioHeaders.IdempotencyToken, idempotencyToken);
        request.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(readTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, true);
        }
        catch (HttpRequestException exception)
        {
            logger.LogDebug("Simulator could not reach {Url}: {Reason}", url, exception.Message);
            return (0, false);
        }
    }

    private double NextDouble()
    {
        if (settings.Seed == 0)
        {
            return Random.Shared.NextDouble();
        }

        lock (randomLock)
        {
            seeded ??= new Random(settings.Seed);
            return seeded.NextDouble();
        }
    }
}
