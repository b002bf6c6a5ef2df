using System.Net;
using System.Text.Json;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.OpenApi;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The document passes a standard linter: Redocly CLI's recommended rules (tools/redocly.yaml), with no error and no
/// warning. Needs node and <c>npm ci --prefix tools</c>; skips loudly without them (fails under CI).
/// </summary>
public sealed class OpenApiLintTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDocumentPassesRedoclysRecommendedRulesWithoutWarnings()
    {
        var node = NodeTools.RequireNode();
        using var app = new TrackerApp();
        using var http = app.CreateHttpClient();
        using var response = await http.GetAsync(OpenApiRegistration.DocumentPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"smsstatus-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync(Ct), Ct);
        try
        {
            var cli = Path.Combine(NodeTools.Directory, "node_modules", "@redocly", "cli", "bin", "cli.js");
            var (exitCode, output, errors) = await ExternalProcess.RunAsync(
                node,
                [cli, "lint", "--config", Path.Combine(NodeTools.Directory, "redocly.yaml"), "--format", "json", file],
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
                NodeTools.Directory);

            TestContext.Current.TestOutputHelper?.WriteLine(output + errors);
            using var report = JsonDocument.Parse(output);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(problems.Count == 0, "Redocly reports:\n" + string.Join("\n", problems));
            Assert.True(exitCode == 0, $"redocly lint exited with {exitCode}:\n{errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
