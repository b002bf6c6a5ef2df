using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.Bulk;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>
/// The app as a real process sending a 10,000-row bulk job, killed with SIGKILL in the middle, then restarted on the
/// same SQLite file: the restarted process goes on from the stored state, and in the end every row has exactly one
/// message (no duplicate, no gap), every message that reached Twilio has its own SID, and the per-row CSV says what
/// the store says.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class BulkProcessKillTests
{
    private const int Rows = 10_000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATenThousandRowJobKilledMidwayAndRestartedSendsEveryRowExactlyOnce()
    {
        using var app = new AppProcess();
        var token = await ApiKeyAsync(app);
        var port = FreePort.Next();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();

        Guid id;
        int sentBeforeKill;
        using (var first = Start(app, port))
        {
            await AppProcess.WaitUntilReadyAsync(http, first);
            id = await CreateAndStartAsync(http);
            var atKill = await WaitAsync(http, id, p => p.GetProperty("sent").GetInt32() >= Rows / 3, first);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(Ct);
            sentBeforeKill = atKill.GetProperty("progress").GetProperty("sent").GetInt32();
            Assert.True(sentBeforeKill < Rows, "The job finished before the process was killed.");
        }

        string outcomes;
        JsonElement final;
        using (var second = Start(app, port))
        {
            await AppProcess.WaitUntilReadyAsync(http, second);
            final = await WaitAsync(http, id, p => p.GetProperty("remaining").GetInt32() == 0, second);
            outcomes = await http.GetStringAsync(BulkJobEndpoints.OutcomesPathFor(id), Ct);
            await AppProcess.StopAsync(second);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var store = new SqliteMessageStore(new SqliteStoreOptions(app.ConnectionString));
        var lines = ParseCsv(outcomes);
        var sids = new HashSet<string>(StringComparer.Ordinal);
        var unsettled = 0;
        Assert.Equal(Rows + 1, lines.Count);
        for (var row = 1; row <= Rows; row++)
        {
            var message = await store.FindAsync(BulkRow.MessageIdFor(id, row), Ct);
            Assert.True(message is not null, $"Row {row} has no message (a gap).");
            Assert.Equal($"bulk kill row {row}", message.Body);
            if (message.Sid is null)
            {
                unsettled++;
            }
            else
            {
                Assert.True(sids.Add(message.Sid), $"Row {row} shares SID {message.Sid} with another row.");
            }

            var cells = lines[row];
            Assert.Equal((row.ToString(System.Globalization.CultureInfo.InvariantCulture), message.Id.ToString(), message.Sid ?? "", message.Status.ToWireName()), (cells[0], cells[2], cells[3], cells[4]));
        }

        // Every message in the store is one of the rows': nothing was sent a second time under another id.
        var total = (await store.ListAsync(new Core.Storage.MessageQuery { ExactCount = true, PageSize = 1 }, Ct)).Total;
        var progress = final.GetProperty("progress");
        var summary = $"rows {Rows}, sent before the kill {sentBeforeKill}, sent {progress.GetProperty("sent").GetInt32()}, " +
            $"left to reconciliation {progress.GetProperty("reconciling").GetInt32()} (no SID: {unsettled}), messages stored {total}, distinct SIDs {sids.Count}, {clock.Elapsed.TotalSeconds:0} s";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine($"[BulkProcessKillTests] {summary}");
        Assert.Equal(Rows, total);
        Assert.Equal(Rows, sids.Count + unsettled);
        Assert.Equal(Rows, progress.GetProperty("sent").GetInt32() + progress.GetProperty("reconciling").GetInt32());
        Assert.True(unsettled <= 8, $"More rows than sends in flight were left without a SID: {summary}");
    }

    private static async Task<Guid> CreateAndStartAsync(HttpClient http)
    {
        var csv = new StringBuilder("to,body\n");
        for (var row = 1; row <= Rows; row++)
        {
            // Distinct valid US mobile-range numbers: +1 415 2xx xxxx.
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"+1415{2000000 + row:D7},bulk kill row {row}\n");
        }

        using var created = await http.PostAsync($"{BulkJobEndpoints.Path}?name=kill.csv", new StringContent(csv.ToString(), Encoding.UTF8, BulkCsv.ContentType), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var job = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("job");
        Assert.Equal(Rows, job.GetProperty("progress").GetProperty("remaining").GetInt32());
        var id = job.GetProperty("id").GetGuid();
        using var started = await http.PostAsync($"{BulkJobEndpoints.Path}/{id}/start", null, Ct);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return id;
    }

    private static async Task<JsonElement> WaitAsync(HttpClient http, Guid id, Func<JsonElement, bool> condition, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(240);
        while (true)
        {
            Assert.False(process.HasExited, "The app exited.");
            var job = await http.GetFromJsonAsync<JsonElement>($"{BulkJobEndpoints.Path}/{id}", Ct);
            if (condition(job.GetProperty("progress")))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The job did not get there in time: {job}");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task<string> ApiKeyAsync(AppProcess app)
    {
        var created = await app.RunAsync("apikeys", "create", "--user", "admin@localhost", "--name", "bulk kill test");
        Assert.True(created.ExitCode == 0, created.ToString());
        return created.Output.Split('\n').Single(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();
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

    private static Process Start(AppProcess app, int port) => AppProcess.StartInBackground(app.StartInfo(
        ["--urls", $"http://127.0.0.1:{port}"],
        settings:
        [
            ("Bulk__MessagesPerSecond", "5000"),
            ("Bulk__MaxConcurrentSends", "8"),
            ("Bulk__PollInterval", "00:00:00.200"),
            // The killed process's lease must run out quickly for the restarted one to take the job over.
            ("Leases__Duration", "00:00:03"),
            ("Leases__RenewInterval", "00:00:01"),
            // Callbacks would only add load: the test is about sends.
            ("Twilio__Simulator__DropRate", "1"),
            ("Twilio__Simulator__MaxMessages", "20000"),
            ("Logging__LogLevel__Default", "Error"),
        ]));
}
