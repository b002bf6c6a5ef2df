using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Functional;
using Twilio.Clients;
using TwilioHttp = Twilio.Http;

namespace SmsStatusTracker.Tests.Sending;

/// <summary>
/// Once the message is stored, the caller going away (a closed browser tab, a client timeout) must not abandon the
/// send half-way: Twilio is still called, once, and its answer is recorded.
/// </summary>
public sealed class CancelledSendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASendCancelledRightAfterTheInsertStillCallsTwilioOnceAndRecordsItsSid()
    {
        using var caller = new CancellationTokenSource();
        var twilioCalls = 0;
        Guid? inserted = null;
        using var app = new TrackerApp(
            // Callbacks far later than the test: the SID must come from the send response, not from a callback.
            new Dictionary<string, string?> { ["Twilio:Simulator:StepDelay"] = "00:01:00" },
            services =>
            {
                var store = services.Last(d => d.ServiceType == typeof(IMessageStore));
                services.AddSingleton<IMessageStore>(sp => CancelCallerAfterInsert.Wrap(
                    (IMessageStore)store.ImplementationFactory!(sp), caller, id => inserted = id));
                services.AddTransient<ITwilioRestClient>(sp => new CountingTwilioClient(
                    TwilioRestClientFactory.Create(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<TwilioOptions>>()),
                    () => Interlocked.Increment(ref twilioCalls)));
            });
        var actor = await app.ActorAsync(TrackerApp.TestSenderEmail);

        using (var scope = app.Services.CreateScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<SmsSender>();
            try
            {
                await sender.SendAsync(new SendSmsRequest("+15005550006", "Cancelled by the caller"), actor, caller.Token);
            }
            catch (OperationCanceledException)
            {
                // Throwing is allowed; leaving the stored message half-sent is not.
            }
        }

        Assert.True(caller.IsCancellationRequested);
        Assert.NotNull(inserted);
        var stored = await app.Store.FindAsync(inserted.Value, Ct);
        Assert.NotNull(stored);
        Assert.StartsWith("SM", stored.Sid);
        Assert.Equal(MessageStatus.Queued, stored.Status);
        Assert.Contains(stored.History, h => h.Source == StatusEventSource.SendResponse);
        Assert.Equal(1, twilioCalls);
        Assert.Single(app.Ledger.Messages, m => m.Sid == stored.Sid);
    }

    /// <summary>
    /// The store, except that the caller's token is cancelled the moment an insert has succeeded. A proxy, so every
    /// other member of the port is forwarded as it is, whatever the port grows.
    /// </summary>
    public class CancelCallerAfterInsert : DispatchProxy
    {
        private IMessageStore inner = null!;
        private CancellationTokenSource caller = null!;
        private Action<Guid> inserted = null!;

        public static IMessageStore Wrap(IMessageStore inner, CancellationTokenSource caller, Action<Guid> inserted)
        {
            var proxy = Create<IMessageStore, CancelCallerAfterInsert>();
            var self = (CancelCallerAfterInsert)(object)proxy;
            (self.inner, self.caller, self.inserted) = (inner, caller, inserted);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(inner, args);
            return targetMethod.Name == nameof(IMessageStore.AddAsync) ? CancelAfterAsync((Task)result!, (Message)args![0]!) : result;
        }

        private async Task CancelAfterAsync(Task insert, Message message)
        {
            await insert;
            inserted(message.Id);
            await caller.CancelAsync();
        }
    }

    /// <summary>The real SDK client, counting the requests it makes.</summary>
    private sealed class CountingTwilioClient(ITwilioRestClient inner, Action counted) : ITwilioRestClient
    {
        public string AccountSid => inner.AccountSid;

        public string Region => inner.Region;

        public TwilioHttp.HttpClient HttpClient => inner.HttpClient;

        public TwilioHttp.Response Request(TwilioHttp.Request request)
        {
            counted();
            return inner.Request(request);
        }

        public Task<TwilioHttp.Response> RequestAsync(TwilioHttp.Request request)
        {
            counted();
            return inner.RequestAsync(request);
        }
    }
}
