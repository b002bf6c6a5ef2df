using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Extensions;

namespace SmsStatusTracker.Tests.Hosting;

/// <summary>
/// The app as a process, exporting over OTLP/HTTP to a collector in this test (an HttpListener that keeps what it
/// is sent) and serving a Prometheus scrape on a second port that only the scrape answers on.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class TelemetryExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetricsAndTracesReachTheOtlpCollectorAndThePrometheusScrapeIsOnlyOnItsOwnPort()
    {
        var collectorPort = FreePort.Next();
        using var collector = new HttpListener { Prefixes = { $"http://127.0.0.1:{collectorPort}/" } };
        collector.Start();
        var received = new ConcurrentDictionary<string, ConcurrentBag<byte[]>>();
        var collecting = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body, Ct);
                received.GetOrAdd(context.Request.Url!.AbsolutePath, _ => []).Add(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }, Ct);

        using var app = new AppProcess();
        var appPort = FreePort.Next();
        var scrapePort = FreePort.Next();
        var start = app.StartInfo(
            ["--urls", $"http://127.0.0.1:{appPort};http://127.0.0.1:{scrapePort}"],
            settings:
            [
                (TelemetryRegistration.OtlpEndpointKey, $"http://127.0.0.1:{collectorPort}"),
                ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                ("OTEL_METRIC_EXPORT_INTERVAL", "500"),
                ("OTEL_BSP_SCHEDULE_DELAY", "200"),
                ("Telemetry__PrometheusPort", scrapePort.ToString(CultureInfo.InvariantCulture)),
            ]);
        using var process = AppProcess.StartInBackground(start);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };
            await AppProcess.WaitUntilReadyAsync(http, process);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/account/sign-in", Ct)).StatusCode);

            // The request's duration is recorded as it ends, which may be just after its response reached us: scrape until it shows.
            var exposition = "";
            await WaitUntilAsync(() =>
            {
                using var scrape = http.GetAsync($"http://127.0.0.1:{scrapePort}{TelemetryRegistration.PrometheusPath}", Ct).GetAwaiter().GetResult();
                Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
                exposition = scrape.Content.ReadAsStringAsync(Ct).GetAwaiter().GetResult();
                return exposition.Contains("http_server_request_duration_seconds", StringComparison.Ordinal);
            }, "The scrape never showed ASP.NET Core's request duration.");
            Assert.Contains("smsstatus_", exposition, StringComparison.Ordinal);
            Assert.Contains("dotnet_", exposition, StringComparison.Ordinal);

            var publicPort = await http.GetAsync(TelemetryRegistration.PrometheusPath, Ct);
            Assert.DoesNotContain("http_server_request_duration", await publicPort.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

            await WaitUntilAsync(() => Contains(received, "/v1/metrics", "smsstatus.") && Contains(received, "/v1/metrics", "http.server.request.duration"),
                "No OTLP metrics with the app's meter and ASP.NET Core's reached the collector.");
            await WaitUntilAsync(() => Contains(received, "/v1/traces", "/account/sign-in") && Contains(received, "/v1/traces", TelemetryRegistration.ServiceName),
                "No OTLP trace of the sign-in page request reached the collector.");
        }
        finally
        {
            await AppProcess.StopAsync(process);
            collector.Stop();
            await collecting;
        }
    }

    [Fact]
    public async Task ProductionLogsAreOneJsonObjectPerLine()
    {
        using var app = new AppProcess();
        var port = FreePort.Next();
        var start = app.StartInfo(["--urls", $"http://127.0.0.1:{port}"], "Production", settings: [("Twilio__Simulator__AllowOutsideDevelopment", "true")]);
        var lines = new ConcurrentQueue<string>();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data))
            {
                lines.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilAsync(() => lines.Any(l => l.Contains("Now listening on", StringComparison.Ordinal)), "The app never said it was listening.");

            foreach (var line in lines)
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
                Assert.True(json.RootElement.TryGetProperty("Category", out _), line);
                Assert.True(json.RootElement.TryGetProperty("Timestamp", out _), line);
            }
        }
        finally
        {
            await AppProcess.StopAsync(process);
        }
    }

    private static bool Contains(ConcurrentDictionary<string, ConcurrentBag<byte[]>> received, string path, string text) =>
        received.TryGetValue(path, out var bodies) && bodies.Any(body => Encoding.UTF8.GetString(body).Contains(text, StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100, Ct);
        }
    }
}
