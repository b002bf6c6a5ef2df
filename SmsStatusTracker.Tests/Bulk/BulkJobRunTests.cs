using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Reconciliation;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Endpoints.Bulk;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>
/// Bulk jobs in the whole app (simulator, real SDK, the leased runner): confirmed before anything is sent, each row
/// sent once through the normal sending path, pause / resume / cancel, a row whose record already exists left to
/// reconciliation, an owner who lost the right pausing the job, and the REST API with its roles.
/// </summary>
public sealed class BulkJobRunTests(BulkJobRunTests.App world) : IClassFixture<BulkJobRunTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new()
        {
            ["Bulk:MessagesPerSecond"] = "40",
            ["Bulk:PollInterval"] = "00:00:00.100",
            ["Reconciliation:Enabled"] = "false",
        });

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrackerApp Tracker => world.Tracker;

    private BulkJobService Jobs => Tracker.Services.GetRequiredService<BulkJobService>();

    [Fact]
    public async Task AnUploadSendsNothingUntilConfirmedThenEveryRowOnceAndTheOutcomeCsvMatchesTheStoredMessages()
    {
        using var http = await ApiClientAsync("rest-operator@bulk.example.com", AppRoles.Operator);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = "to,name\n" + string.Concat(Enumerable.Range(1, 12).Select(n => $"+1415555{n + 200:D4},{tag}-{n}\n")) + "not a number,x\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(csv), "file", "list.csv" },
            { new StringContent("Hello {{name}}"), "template" },
        };

        using var created = await http.PostAsync(BulkJobEndpoints.Path, form, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = body.GetProperty("job").GetProperty("id").GetGuid();
        Assert.Equal(12, body.GetProperty("preflight").GetProperty("toSend").GetInt32());
        Assert.Equal(13, Assert.Single(body.GetProperty("preflight").GetProperty("excluded").EnumerateArray()).GetProperty("row").GetInt32());
        await Task.Delay(500, Ct);
        Assert.Empty(SimulatedBodies(tag));

        using var started = await http.PostAsync($"{BulkJobEndpoints.Path}/{id}/start", null, Ct);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var done = await WaitForStateAsync(id, BulkJobState.Completed);
        for (var row = 1; row <= 12; row++)
        {
            // Settled first, so the file and the store are read in the same state.
            await Tracker.WaitForFinalAsync(BulkRow.MessageIdFor(id, row));
        }

        var lines = ParseCsv(await http.GetStringAsync(BulkJobEndpoints.OutcomesPathFor(id), Ct));

        Assert.Equal(12, done.Progress.Sent);
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"Hello {tag}-{n}").Order(), SimulatedBodies(tag).Order());
        Assert.Equal(BulkCsv.OutcomeHeader, lines[0]);
        Assert.Equal(14, lines.Count);
        foreach (var cells in lines.Skip(1).Take(12))
        {
            var row = int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture);
            var message = await Tracker.Store.FindAsync(BulkRow.MessageIdFor(id, row), Ct);
            Assert.NotNull(message);
            Assert.Equal(("'" + message.To, message.Id.ToString(), message.Sid, message.Status.ToWireName()), (cells[1], cells[2], cells[3], cells[4]));
        }

        Assert.Equal(["13", "not a number", "", "", "excluded"], lines[13].Take(5));
    }

    [Fact]
    public async Task PauseStopsSendingResumeGoesOnAndCancelLeavesTheRestUnsent()
    {
        var owner = await Tracker.ActorAsync("pauser@bulk.example.com");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (job, _) = await Jobs.CreateAsync(Candidates(tag, 200, firstNumber: 300), "pause.csv", owner, Ct);
        await Jobs.StartAsync(job.Id, owner, Ct);

        await WaitForAsync(job.Id, p => p.Sent >= 5);
        await Jobs.PauseAsync(job.Id, owner, Ct);
        var paused = await SettledAsync(job.Id);
        await Task.Delay(700, Ct);
        Assert.Equal(paused.Sent, (await ProgressAsync(job.Id)).Sent);
        Assert.True(paused.Remaining > 0, "the job finished before it could be paused");
        await Assert.ThrowsAsync<BulkJobStateException>(() => Jobs.PauseAsync(job.Id, owner, Ct));

        await Jobs.ResumeAsync(job.Id, owner, Ct);
        await WaitForAsync(job.Id, p => p.Sent >= paused.Sent + 5);
        await Jobs.CancelAsync(job.Id, owner, Ct);
        var canceled = await SettledAsync(job.Id);

        Assert.Equal(0, canceled.Remaining);
        Assert.True(canceled.Canceled > 0, $"nothing was left to cancel: {canceled}");
        Assert.Equal(200, canceled.Sent + canceled.Canceled);
        Assert.Equal(canceled.Sent, SimulatedBodies(tag).Count);
        Assert.Equal(BulkJobState.Canceled, (await Jobs.GetAsync(job.Id, owner, Ct))!.Value.Job.State);
    }

    [Fact]
    public async Task ARowWhoseRecordExistsWithoutASidIsNotSentAgainAndReconciliationSettlesItAsFailed()
    {
        var owner = await Tracker.ActorAsync("crash@bulk.example.com");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (job, _) = await Jobs.CreateAsync(Candidates(tag, 3, firstNumber: 400), "crash.csv", owner, Ct);
        // What a crash after storing row 2's record and before Twilio answered leaves behind (two hours ago).
        var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
        var orphan = new Message
        {
            Id = BulkRow.MessageIdFor(job.Id, 2),
            To = "+14155550402",
            From = "+15005550006",
            Body = $"{tag}-2",
            SentBy = "crash@bulk.example.com",
            CreatedAt = longAgo,
            UpdatedAt = longAgo,
            History = [new StatusEvent { RawStatus = "created", Source = StatusEventSource.Local, ReceivedAt = longAgo }],
        };
        await Tracker.Store.AddAsync(orphan, Ct);

        await Jobs.StartAsync(job.Id, owner, Ct);
        var done = await WaitForStateAsync(job.Id, BulkJobState.Completed);

        Assert.Equal((2, 1), (done.Progress.Sent, done.Progress.Reconciling));
        Assert.DoesNotContain($"{tag}-2", SimulatedBodies(tag));
        Assert.Equal(MessageStatus.Created, (await Tracker.Store.FindAsync(orphan.Id, Ct))!.Status);

        await Tracker.Services.GetRequiredService<MessageReconciler>().RunPassAsync(Ct);

        var settled = await Tracker.Store.FindAsync(orphan.Id, Ct);
        Assert.Equal(MessageStatus.Failed, settled!.Status);
        Assert.Null(settled.Sid);
        Assert.DoesNotContain($"{tag}-2", SimulatedBodies(tag));
    }

    /// <summary>The real pace, measured from the stored messages' creation times: never above the configured rate (+10 %); the figure is printed.</summary>
    [Fact]
    public async Task TheMeasuredPaceDoesNotExceedTheConfiguredRate()
    {
        var owner = await Tracker.ActorAsync("pacer@bulk.example.com");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (job, _) = await Jobs.CreateAsync(Candidates(tag, 120, firstNumber: 800), "pace.csv", owner, Ct);

        await Jobs.StartAsync(job.Id, owner, Ct);
        await WaitForStateAsync(job.Id, BulkJobState.Completed);

        var created = new List<DateTimeOffset>();
        for (var row = 1; row <= 120; row++)
        {
            created.Add((await Tracker.Store.FindAsync(BulkRow.MessageIdFor(job.Id, row), Ct))!.CreatedAt);
        }

        created.Sort();
        var measured = (created.Count - 1) / (created[^1] - created[0]).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"configured 40/s, measured {measured:0.0}/s over {(created[^1] - created[0]).TotalSeconds:0.00} s");
        Console.WriteLine($"[BulkJobRunTests] pace: configured 40/s, measured {measured:0.0}/s over {(created[^1] - created[0]).TotalSeconds:0.00} s");
        Assert.True(measured <= 40 * 1.1, $"measured {measured:0.0}/s");
    }

    [Fact]
    public async Task AJobWhoseOwnerWasDeactivatedPausesWithTheReasonAndSendsNoMore()
    {
        var email = $"leaver-{Guid.NewGuid():N}@bulk.example.com";
        var owner = await Tracker.ActorAsync(email);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (job, _) = await Jobs.CreateAsync(Candidates(tag, 5, firstNumber: 500), "leaver.csv", owner, Ct);
        Assert.True((await Tracker.Accounts.DeactivateAsync(owner.UserId, Ct)).Succeeded);
        var admin = await Tracker.ActorAsync("bulk-admin@bulk.example.com", AppRoles.Admin);

        await Jobs.StartAsync(job.Id, admin, Ct);
        var paused = await WaitForStateAsync(job.Id, BulkJobState.Paused);

        Assert.Contains("deactivated", paused.Job.PausedReason, StringComparison.Ordinal);
        Assert.Contains(email, paused.Job.PausedReason, StringComparison.Ordinal);
        Assert.Equal(5, paused.Progress.Remaining);
        Assert.Empty(SimulatedBodies(tag));
        await Jobs.CancelAsync(job.Id, admin, Ct);
    }

    [Fact]
    public async Task ANumberThatOptedOutAfterPreflightIsSuppressedNotSent()
    {
        var owner = await Tracker.ActorAsync("stopper@bulk.example.com");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (job, _) = await Jobs.CreateAsync(Candidates(tag, 3, firstNumber: 600), "stop.csv", owner, Ct);
        var admin = await Tracker.ActorAsync("ledger-admin@bulk.example.com", AppRoles.Admin);
        await Tracker.Services.GetRequiredService<OptOutLedger>().ChangeManuallyAsync("+14155550602", optOut: true, "replied STOP by email", admin, Ct);

        await Jobs.StartAsync(job.Id, owner, Ct);
        var done = await WaitForStateAsync(job.Id, BulkJobState.Completed);

        Assert.Equal((2, 1), (done.Progress.Sent, done.Progress.Suppressed));
        Assert.DoesNotContain($"{tag}-2", SimulatedBodies(tag));
    }

    [Fact]
    public async Task ResendFailedMakesAJobOfTheRetryableFailuresEachReferencingItsOriginal()
    {
        var owner = await Tracker.ActorAsync("resender@bulk.example.com");
        var retryable = await Tracker.SendAsync("+15005553003", $"retry me {Guid.NewGuid():N}");
        var permanent = await Tracker.SendAsync("+15005553005", $"do not retry {Guid.NewGuid():N}");
        await Tracker.WaitForFinalAsync(retryable.Id);
        await Tracker.WaitForFinalAsync(permanent.Id);

        var filter = new Core.Storage.MessageQuery { Since = retryable.CreatedAt.AddSeconds(-1) };
        var (job, report) = await Jobs.CreateResendFailedAsync(filter, owner, Ct);
        await Jobs.StartAsync(job.Id, owner, Ct);
        await WaitForStateAsync(job.Id, BulkJobState.Completed);

        var row = Assert.Single(report.Rows);
        Assert.Equal(retryable.Id, row.ResentFromId);
        var resent = await Tracker.Store.FindAsync(BulkRow.MessageIdFor(job.Id, 1), Ct);
        Assert.Equal((retryable.Id, retryable.Body), (resent!.ResentFromId, resent.Body));
    }

    [Fact]
    public async Task AViewerReadsProgressButCannotCreateOrControlAJob()
    {
        var owner = await Tracker.ActorAsync("viewer-test-owner@bulk.example.com");
        var (job, _) = await Jobs.CreateAsync(Candidates("viewer", 1, firstNumber: 700), "v.csv", owner, Ct);
        using var viewer = await ApiClientAsync("viewer@bulk.example.com", AppRoles.Viewer);

        using var read = await viewer.GetAsync($"{BulkJobEndpoints.Path}/{job.Id}", Ct);
        using var upload = await viewer.PostAsync(BulkJobEndpoints.Path, new StringContent("to,body\n+14155550701,x\n", System.Text.Encoding.UTF8, "text/csv"), Ct);
        using var start = await viewer.PostAsync($"{BulkJobEndpoints.Path}/{job.Id}/start", null, Ct);
        using var csv = await viewer.GetAsync(BulkJobEndpoints.OutcomesPathFor(job.Id), Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(BulkJobState.AwaitingConfirmation, (await Jobs.GetAsync(job.Id, owner, Ct))!.Value.Job.State);
        await Jobs.CancelAsync(job.Id, owner, Ct);
    }

    [Fact]
    public async Task AFileWithoutAToColumnIsA400NamingTheProblem()
    {
        using var http = await ApiClientAsync("bad-file@bulk.example.com", AppRoles.Operator);

        using var response = await http.PostAsync(BulkJobEndpoints.Path, new StringContent("phone,body\n+14155550101,x\n", System.Text.Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("'to' column", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
    }

    private static List<string[]> ParseCsv(string text)
    {
        using var csv = CsvHelper.CsvReader.Create(new StringReader(text), new CsvHelper.CsvReaderOptions { HasHeader = false });
        var lines = new List<string[]>();
        while (csv.Read())
        {
            lines.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        }

        return lines;
    }

    private static List<BulkCandidate> Candidates(string tag, int count, int firstNumber) =>
        Enumerable.Range(1, count).Select(n => new BulkCandidate(n, $"+1415555{firstNumber + n:D4}", $"{tag}-{n}")).ToList();

    private List<string> SimulatedBodies(string tag) =>
        Tracker.Ledger.Messages.Select(m => m.Body).Where(b => b.Contains(tag, StringComparison.Ordinal)).ToList();

    private async Task<BulkJobProgress> ProgressAsync(Guid id) =>
        (await Jobs.GetAsync(id, await Tracker.ActorAsync("bulk-reader@bulk.example.com", AppRoles.Viewer), Ct))!.Value.Progress;

    /// <summary>The progress once sends already with Twilio have been recorded (two reads a second apart agree: outcomes are written at least every half second).</summary>
    private async Task<BulkJobProgress> SettledAsync(Guid id)
    {
        var last = await ProgressAsync(id);
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(1000, Ct);
            var now = await ProgressAsync(id);
            if (now == last)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    private async Task<BulkJobProgress> WaitForAsync(Guid id, Func<BulkJobProgress, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var progress = await ProgressAsync(id);
            if (condition(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} did not get there in time: {progress}");
            await Task.Delay(50, Ct);
        }
    }

    private async Task<(BulkJob Job, BulkJobProgress Progress)> WaitForStateAsync(Guid id, BulkJobState state)
    {
        var reader = await Tracker.ActorAsync("bulk-reader@bulk.example.com", AppRoles.Viewer);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = (await Jobs.GetAsync(id, reader, Ct))!.Value;
            if (found.Job.State == state)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} is still {found.Job.State}: {found.Progress}");
            await Task.Delay(50, Ct);
        }
    }

    private async Task<HttpClient> ApiClientAsync(string email, string role)
    {
        var user = await Tracker.ActorAsync(email, role);
        var (_, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(user.UserId, "bulk tests", Ct);
        var http = Tracker.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
