using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Tests.Deployment;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Tests.LiveFeed;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// docs/api.md's examples, run as written against the app on a real port with an Operator's API key: the curl,
/// Python and Node blocks are taken from the file and executed; the C# block is mirrored here and checked to be
/// the same text. A missing curl, python3 or node (or tools/node_modules) skips its test loudly (fails under CI).
/// </summary>
public sealed partial class ApiExamplesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheCurlExampleSendsAndListsMessages()
    {
        var bash = RequiredTool.Find("bash", "apt-get install -y bash");
        RequiredTool.Find("curl", "apt-get install -y curl");
        using var app = new TrackerApp();
        var script = WriteExample("curl", ".sh");

        var (exitCode, output, errors) = await ExternalProcess.RunAsync(bash, ["-euo", "pipefail", script], await EnvironmentAsync(app));

        Assert.True(exitCode == 0, $"curl example failed ({exitCode}):\n{output}\n{errors}");
        Assert.Contains("\"to\":\"+15005550006\"", output, StringComparison.Ordinal);
        Assert.Contains("\"items\":[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePythonExampleSendsReadsAndPagesByCursor()
    {
        var python = RequiredTool.Find("python3", "apt-get install -y python3");
        using var app = new TrackerApp();
        var script = WriteExample("python", ".py");

        var (exitCode, output, errors) = await ExternalProcess.RunAsync(python, [script], await EnvironmentAsync(app));

        Assert.True(exitCode == 0, $"Python example failed ({exitCode}):\n{output}\n{errors}");
        Assert.Matches("(?m)^201 [0-9a-f-]{36}$", output);
        Assert.Matches(@"(?m)^(created|queued|sending|sent|delivered) GSM-7 \d{4}-\d\d-\d\dT[0-9:.]+Z$", output);
        Assert.Contains("messages: 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNodeExampleHearsTheMessageGoFromCreatedToDelivered()
    {
        var node = NodeTools.RequireNode();
        using var app = new TrackerApp();
        var environment = await EnvironmentAsync(app);
        environment["NODE_PATH"] = Path.Combine(NodeTools.Directory, "node_modules");
        var script = WriteExample("node", ".js");
        var feed = app.Services.GetRequiredService<FeedConnections>();

        var run = ExternalProcess.RunAsync(node, [script], environment, timeoutSeconds: 60);
        await LiveFeedTests.WaitUntilAsync(() => feed.Any || run.IsCompleted, seconds: 30);
        if (run.IsCompleted)
        {
            // Awaited only here: an interpolated Assert message is built before the assertion runs.
            var ended = await run;
            Assert.Fail($"The Node example ended before listening:\n{ended.Output}\n{ended.Errors}");
        }
        using var http = Client(app, environment["SST_API_KEY"]);
        using var sent = await http.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "Hello, Node" }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        TestContext.Current.TestOutputHelper?.WriteLine($"sent {id}: {(await app.WaitForFinalAsync(Guid.Parse(id!))).Status}");
        var (exitCode, output, errors) = await run;

        Assert.True(exitCode == 0, $"Node example failed ({exitCode}):\n{output}\n{errors}");
        Assert.Contains("listening", output, StringComparison.Ordinal);
        Assert.Contains($"created: {id} is created (GSM-7, ", output, StringComparison.Ordinal);
        Assert.Matches($@"statusChanged: {id} is delivered \(GSM-7, \d{{4}}-\d\d-\d\dT[0-9:.]+Z\)", output);
    }

    [Fact]
    public async Task TheCSharpExampleIsTheCodeThisTestRuns()
    {
        var documented = Lines(Example("csharp")).Where(line => !line.StartsWith("//", StringComparison.Ordinal)).ToList();
        var source = Lines(await File.ReadAllTextAsync(Path.Combine(ContainerFilesTests.RepositoryRoot, "SmsStatusTracker.Tests", "Functional", "ApiExamplesTests.cs"), Ct)).ToList();

        var start = source.IndexOf(documented[0]);
        Assert.True(start >= 0, "The C# example's first line is not in ApiExamplesTests.");
        Assert.Equal(documented, source.Skip(start).Take(documented.Count));
    }

    [Fact]
    public async Task TheCSharpExampleSendsAndListens()
    {
        using var app = new TrackerApp();
        var environment = await EnvironmentAsync(app);
        Environment.SetEnvironmentVariable("SST_URL", environment["SST_URL"]);
        Environment.SetEnvironmentVariable("SST_API_KEY", environment["SST_API_KEY"]);
        var heard = app.Services.GetRequiredService<FeedConnections>();

        // docs/api.md, "C#": from here to the marker below, line for line (so without the test's cancellation token).
#pragma warning disable xUnit1051
        var baseUrl = new Uri(Environment.GetEnvironmentVariable("SST_URL")!);
        var apiKey = Environment.GetEnvironmentVariable("SST_API_KEY")!;

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/messages"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey))
            .WithAutomaticReconnect()
            .Build();
        hub.On<JsonElement>("MessageChanged", change =>
        {
            var message = change.GetProperty("message");
            Console.WriteLine($"{change.GetProperty("kind")}: {message.GetProperty("id")} is {message.GetProperty("status")}");
        });
        await hub.StartAsync();

        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(new { to = "+15005550006", body = "Hello from C#" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var sent = await response.Content.ReadFromJsonAsync<JsonElement>();
        Console.WriteLine($"{(int)response.StatusCode}: {sent}");
#pragma warning restore xUnit1051
        // End of the example.

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("+15005550006", sent.GetProperty("to").GetString());
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.True(heard.Any);
    }

    private static async Task<Dictionary<string, string>> EnvironmentAsync(TrackerApp app)
    {
        var email = $"examples-{Guid.NewGuid():N}@example.com";
        var invited = await app.Accounts.InviteAsync(email, AppRoles.Operator, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        var (_, token) = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(invited.UserId!, "examples", Ct);
        return new Dictionary<string, string> { ["SST_URL"] = app.BaseAddress.ToString().TrimEnd('/'), ["SST_API_KEY"] = token };
    }

    private static HttpClient Client(TrackerApp app, string token)
    {
        var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The fenced block after <c>&lt;!-- example: name --&gt;</c> in docs/api.md.</summary>
    private static string Example(string name)
    {
        var text = File.ReadAllText(Path.Combine(ContainerFilesTests.RepositoryRoot, "docs", "api.md"));
        var match = ExampleBlock().Matches(text).SingleOrDefault(m => m.Groups["name"].Value == name);
        Assert.True(match is not null, $"docs/api.md has no example '{name}'.");
        return match.Groups["code"].Value;
    }

    private static string WriteExample(string name, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"smsstatus-example-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, Example(name));
        return path;
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    [GeneratedRegex(@"<!-- example: (?<name>[a-z]+) -->\s*```[a-z]*\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
