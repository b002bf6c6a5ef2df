using System.Collections.Concurrent;
using System.Net;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>SQLite held by another writer while callbacks arrive concurrently: each waits or gets 503, never 500, never a lost write.</summary>
public sealed class StoreBusyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentCallbacksWhileAnotherProcessHoldsTheWriteLockGet200Or503AndEvery200IsStored()
    {
        using var app = new TrackerApp();
        app.Simulator.DropRate = 1;
        var messages = new List<Message>();
        for (var i = 0; i < 10; i++)
        {
            messages.Add(await app.SendAsync("+15005550006", $"busy {i}"));
        }

        using var http = app.CreateHttpClient();
        var answers = new ConcurrentBag<(Guid Id, string Token, HttpStatusCode Status)>();
        async Task PostAllAsync(string status) => await Task.WhenAll(messages.Select(async m =>
        {
            var token = Guid.NewGuid().ToString("N");
            var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(m.Id));
            using var response = await http.SendAsync(SignedCallback.Request(url, SignedCallback.Form(m.Sid!, status), idempotencyToken: token), Ct);
            answers.Add((m.Id, token, response.StatusCode));
        }));

        Task whileLocked;
        await using (await SqliteWriteLock.HoldAsync($"Data Source={app.DatabasePath}"))
        {
            whileLocked = PostAllAsync("sending");
            await Task.Delay(1500, Ct);
        }

        await whileLocked;

        await PostAllAsync("sent");

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"got {a.Status}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        foreach (var answer in answers.Where(a => a.Status == HttpStatusCode.OK))
        {
            var stored = await app.Store.FindAsync(answer.Id, Ct);
            Assert.Contains(stored!.History, h => h.IdempotencyToken == answer.Token);
        }

        foreach (var refused in answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable))
        {
            var stored = await app.Store.FindAsync(refused.Id, Ct);
            Assert.DoesNotContain(stored!.History, h => h.IdempotencyToken == refused.Token);
        }
    }
}
