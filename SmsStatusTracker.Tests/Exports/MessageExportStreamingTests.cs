using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.Messages;

namespace SmsStatusTracker.Tests.Exports;

/// <summary>
/// A 100,000-message SQLite export streams: the client holds its first rows while the server has read only a few
/// batches from the store (the source is held at a gate there), so nothing between store and socket buffers the
/// export; then the whole file arrives, every row, with the managed heap's growth measured on the way.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class MessageExportStreamingTests
{
    private const int MessageCount = 100_000;
    private const int HeldAt = 3 * IMessageExportSource.BatchSize;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The real SQLite source, counting what it hands out and holding once <see cref="HeldAt"/> rows are out.</summary>
    private sealed class GatedSource(IMessageExportSource inner) : IMessageExportSource
    {
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Yielded => Interlocked.Read(ref yielded);

        private long yielded;

        public async IAsyncEnumerable<Message> ReadAsync(MessageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var message in inner.ReadAsync(query, cancellationToken))
            {
                if (Interlocked.Increment(ref yielded) == HeldAt + 1)
                {
                    await Release.Task.WaitAsync(cancellationToken);
                }

                yield return message;
            }
        }
    }

    [Fact]
    public async Task AHundredThousandMessageExportStreamsWhileTheStoreIsReadInBatches()
    {
        GatedSource? gated = null;
        using var tracker = new TrackerApp(configureServices: services =>
            services.AddSingleton<IMessageExportSource>(sp => gated = new GatedSource(new SqliteMessageExport(sp.GetRequiredService<SqliteStoreOptions>()))));
        const string from = "+15557770000";
        var seeding = Stopwatch.StartNew();
        await SeedAsync(tracker.DatabasePath, from);
        TestContext.Current.SendDiagnosticMessage($"Seeded {MessageCount:N0} messages in {seeding.Elapsed.TotalSeconds:0.0} s.");
        var cookies = await tracker.SignInAsync("export-viewer@example.com", AppRoles.Viewer);
        using var client = tracker.CreateBrowserClient(cookies);
        client.Timeout = TimeSpan.FromMinutes(5);
        using var firstRows = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        firstRows.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await client.GetAsync($"{MessageExportEndpoints.Path}?format=csv&from=%2B15557770000", HttpCompletionOption.ResponseHeadersRead, firstRows.Token)
            .WaitAsync(firstRows.Token)
            .ContinueWith(t => t.IsCanceled ? throw new Xunit.Sdk.XunitException($"No response within 30 s while the store had handed out {gated?.Yielded} rows: the export is buffered before it is written.") : t.Result, TaskScheduler.Default);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var lines = 0;
        while (lines < 1_000 && await reader.ReadLineAsync(firstRows.Token) is not null)
        {
            lines++;
        }

        // The client holds 1,000 rows while the store has handed out at most the rows before the gate, not the 100,000.
        Assert.Equal(1_000, lines);
        Assert.InRange(gated!.Yielded, lines, HeldAt + 1);

        // The heap as the last collection left it (live objects, not garbage waiting for the next one), sampled.
        GC.Collect();
        var heapBefore = GC.GetGCMemoryInfo().HeapSizeBytes;
        var peak = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetGCMemoryInfo().HeapSizeBytes);
                await Task.Delay(10, CancellationToken.None);
            }
        }, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        gated.Release.SetResult();
        while (await reader.ReadLineAsync(Ct) is not null)
        {
            lines++;
        }

        await sampling.CancelAsync();
        await sampler;
        TestContext.Current.SendDiagnosticMessage(
            $"Exported {MessageCount:N0} messages in {clock.Elapsed.TotalSeconds:0.0} s; managed heap after collections peaked at {peak / 1048576.0:0} MB, {(peak - heapBefore) / 1048576.0:0} MB above the start.");
        Assert.Equal(MessageCount + 1, lines); // the header and one line per message
        Assert.Equal(MessageCount, gated.Yielded);
        Assert.Equal(MessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues(MessageExportEndpoints.TotalHeader).Single());
    }

    // Written straight into the app's file in one transaction (the store's AddAsync commits one message at a time).
    private static async Task SeedAsync(string path, string from)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(Ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO messages (id, sid, to_number, from_number, body, status, error_code, is_final, created_at, updated_at, version, document)
            VALUES ($id, $sid, $to, $from, $body, 'delivered', NULL, 1, $at, $at, 0, $document)
            """;
        var parameters = new[] { "$id", "$sid", "$to", "$from", "$body", "$at", "$document" }.ToDictionary(n => n, n => insert.Parameters.Add(n, SqliteType.Text));
        parameters["$at"].SqliteType = SqliteType.Integer;
        insert.Prepare();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var n = 0; n < MessageCount; n++)
        {
            var message = TestMessages.Stored(n, MessageStatus.Delivered, sid: $"SM{n:D32}", from: from, body: $"Your order {n} has shipped and will arrive on Tuesday", createdAt: start.AddSeconds(n));
            parameters["$id"].Value = message.Id.ToString("N");
            parameters["$sid"].Value = message.Sid;
            parameters["$to"].Value = message.To;
            parameters["$from"].Value = message.From;
            parameters["$body"].Value = message.Body;
            parameters["$at"].Value = message.CreatedAt.ToUnixTimeMilliseconds();
            parameters["$document"].Value = MessageJson.Serialize(StoredTimes.ToMilliseconds(message));
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await transaction.CommitAsync(Ct);
    }
}
