using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Simulator;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Thousands of generated bodies against the webhook (seeded, so a failure replays): never a 500, the app
/// keeps answering, and nothing unsigned changes the store.
/// </summary>
public sealed class CallbackFuzzTests
{
    private const int Seed = 5_2026;
    private const int UnsignedCount = 10_000;
    private const int SignedCount = 600;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Statuses = ["delivered", "sent", "queued", "DELIVERED", "teleported", "", " ", "a_b-c", "delivered;drop table", "x".PadRight(41, 'x'), "sent\u0000", "ñ"];
    private static readonly string[] ErrorCodes = ["30003", "-1", "0", "abc", "1e5", "99999999999999999999", "", "3０003", " 42 "];
    private static readonly string[] ContentTypes = ["application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=utf-16", "", "application/x-www-form-urlencodedX"];

    [Fact]
    public async Task TenThousandMalformedOrUnsignedCallbacksNeverGive500AndNeverChangeTheStore()
    {
        using var app = new TrackerApp(new() { ["Logging:LogLevel:Default"] = "Error", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error" });
        var known = await app.SendAsync("+15005550006", "fuzz target");
        await app.WaitForFinalAsync(known.Id);
        using var http = app.CreateHttpClient();
        var before = await SnapshotAsync(app.DatabasePath);

        var statuses = await RunAsync(UnsignedCount, 4, async (random, i) => await SendUnsignedAsync(http, random, known.Sid!, i));

        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
        Assert.Equal(UnsignedCount, statuses.Values.Sum());
        Assert.DoesNotContain(HttpStatusCode.OK, statuses.Keys.Select(k => (HttpStatusCode)k));
        Assert.Equal(before, await SnapshotAsync(app.DatabasePath));

        var signed = await RunAsync(SignedCount, 4, async (random, i) => await SendSignedWeirdAsync(http, random, known.Sid!));

        Assert.All(signed.Keys, s => Assert.True(s is 200 or 400, $"a signed weird callback got {s}"));
        Assert.True(signed.GetValueOrDefault(200) > 0 && signed.GetValueOrDefault(400) > 0, $"expected both 200s and 400s, got {string.Join(", ", signed)}");
        using var ok = await http.SendAsync(SignedCallback.Request(new Uri(app.BaseAddress, StatusCallbackRoute.Path), SignedCallback.Form(SignedCallback.NewSid(), "sent")), Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static async Task<Dictionary<int, int>> RunAsync(int count, int parallel, Func<Random, int, Task<int>> send)
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var status = await send(new Random(Seed + i), i);
                counts.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        }, Ct)));
        return counts.ToDictionary();
    }

    private static async Task<int> SendUnsignedAsync(HttpClient http, Random random, string knownSid, int i)
    {
        var url = random.Next(3) == 0 ? StatusCallbackRoute.PathFor(Guid.NewGuid()) : $"{StatusCallbackRoute.Path}?{StatusCallbackRoute.MessageIdQuery}=%ZZ";
        var form = RandomForm(random, knownSid);
        var body = random.Next(8) switch
        {
            0 => RandomBytes(random, random.Next(0, 2000)),
            1 => Encoding.UTF8.GetBytes(string.Join("&", form.Select(p => $"{p.Key}={p.Value}"))),
            2 => Encoding.UTF8.GetBytes("MessageSid=%zz&MessageStatus=%E0%A4%A&x=%FF%FE%00"),
            3 => Encoding.UTF8.GetBytes($"MessageSid={knownSid}&MessageStatus=" + new string('d', random.Next(30_000, 40_000))),
            4 => Encoding.UTF8.GetBytes(string.Join("&", Enumerable.Range(0, random.Next(90, 140)).Select(n => $"k{n}=v"))),
            _ => Encoding.UTF8.GetBytes(string.Join("&", form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        var contentType = random.Next(4) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/x-www-form-urlencoded";
        if (contentType.Length > 0)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        // Signatures that are missing, empty, random, for another URL or body, flipped, or doubled.
        var valid = TwilioRequestSigner.Sign(TwilioOptions.SimulatorAuthToken, "http://127.0.0.1" + StatusCallbackRoute.Path, form);
        switch (random.Next(6))
        {
            case 0: break;
            case 1: request.Headers.TryAddWithoutValidation(TwilioHeaders.Signature, ""); break;
            case 2: request.Headers.TryAddWithoutValidation(TwilioHeaders.Signature, Convert.ToBase64String(RandomBytes(random, 20))); break;
            case 3: request.Headers.TryAddWithoutValidation(TwilioHeaders.Signature, valid); break;
            case 4: request.Headers.TryAddWithoutValidation(TwilioHeaders.Signature, "not base64 ###" + i); break;
            default: request.Headers.TryAddWithoutValidation(TwilioHeaders.Signature, [valid, valid]); break;
        }

        using var response = await http.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    private static async Task<int> SendSignedWeirdAsync(HttpClient http, Random random, string knownSid)
    {
        var sid = random.Next(4) switch
        {
            0 => knownSid,
            1 => "SM" + Convert.ToHexString(RandomBytes(random, 16)),
            2 => "XX" + new string('g', 32),
            _ => "SM" + Convert.ToHexString(RandomBytes(random, 8)),
        };
        var form = SignedCallback.Form(sid, Statuses[random.Next(Statuses.Length)]);
        if (random.Next(2) == 0)
        {
            form["ErrorCode"] = ErrorCodes[random.Next(ErrorCodes.Length)];
        }

        if (random.Next(3) == 0)
        {
            form["RawDlrDoneDate"] = random.Next(2) == 0 ? "2603011200" : "yesterday";
        }

        var url = new Uri(http.BaseAddress!, StatusCallbackRoute.Path);
        using var request = SignedCallback.Request(url, form, idempotencyToken: random.Next(2) == 0 ? new string('t', random.Next(1, 300)) : null);
        using var response = await http.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    private static Dictionary<string, string> RandomForm(Random random, string knownSid)
    {
        var form = SignedCallback.Form(random.Next(2) == 0 ? knownSid : SignedCallback.NewSid(), Statuses[random.Next(Statuses.Length)]);
        if (random.Next(3) == 0)
        {
            form["ErrorCode"] = ErrorCodes[random.Next(ErrorCodes.Length)];
        }

        if (random.Next(4) == 0)
        {
            form.Remove(random.Next(2) == 0 ? "MessageSid" : "MessageStatus");
        }

        if (random.Next(4) == 0)
        {
            form["Body"] = new string('<', random.Next(0, 5000));
        }

        return form;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Every stored message's id, version and document, and every parked event: any change shows.</summary>
    private static async Task<string> SnapshotAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT group_concat(id || ':' || version || ':' || document, '|') FROM (SELECT * FROM messages ORDER BY id)),
                   (SELECT count(*) || ':' || ifnull(group_concat(id || document, '|'), '') FROM parked_status_events)
            """;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return reader.GetString(0) + "#" + reader.GetString(1);
    }
}
