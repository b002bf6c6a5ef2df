using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The whole app on Kestrel at a loopback port, with its own SQLite file and the simulator in fast mode:
/// the real SDK, real HTTP and real signatures end to end.
/// </summary>
public sealed class TrackerApp : WebApplicationFactory<Program>
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "smsstatus-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;

    public TrackerApp(Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        this.configureServices = configureServices;
        Directory.CreateDirectory(directory);
        DatabasePath = Path.Combine(directory, "messages.db");
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={DatabasePath};Default Timeout=1",
            ["ConnectionStrings:Mongo"] = "",
            ["Twilio:Mode"] = "Simulator",
            ["Twilio:Simulator:StepDelay"] = "00:00:00.020",
            ["Twilio:Simulator:RetryDelay"] = "00:00:00.300",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    public string DatabasePath { get; }

    public Uri BaseAddress { get; }

    public SimulatorSettings Simulator => Services.GetRequiredService<SimulatorSettings>();

    public SimulatedTwilioLedger Ledger => Services.GetRequiredService<SimulatedTwilioLedger>();

    public IMessageStore Store => Services.GetRequiredService<IMessageStore>();

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    public AccountService Accounts => Services.GetRequiredService<AccountService>();

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where they point.</summary>
    public HttpClient CreateBrowserClient(System.Net.CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new System.Net.CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>
    /// Invites <paramref name="email"/> with <paramref name="role"/> (unless they exist), issues a sign-in link with
    /// the app's real token service and redeems it over HTTP, as a browser would. Returns the cookies of the
    /// signed-in session (for <see cref="CreateBrowserClient"/> or a browser).
    /// </summary>
    public async Task<System.Net.CookieContainer> SignInAsync(string email, string role = AppRoles.Operator)
    {
        if (await Accounts.FindByEmailAsync(email, TestContext.Current.CancellationToken) is null)
        {
            var invited = await Accounts.InviteAsync(email, role, TestContext.Current.CancellationToken);
            Assert.True(invited.Succeeded, invited.Error);
        }

        string? token;
        using (var scope = Services.CreateScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().IssueAsync(email);
        }

        Assert.NotNull(token);
        var cookies = new System.Net.CookieContainer();
        using var client = CreateBrowserClient(cookies);
        var redeemed = await AccountPages.FollowSignInLinkAsync(client, new Uri(BaseAddress, $"/account/link?token={Uri.EscapeDataString(token)}"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, redeemed.StatusCode);
        return cookies;
    }

    /// <summary>Sends through the real sender as <see cref="TestSenderEmail"/>, an Operator the app knows.</summary>
    public async Task<Message> SendAsync(string to, string body = "Hello from the tests")
    {
        using var scope = Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<SmsSender>();
        return await sender.SendAsync(new SendSmsRequest(to, body), await ActorAsync(TestSenderEmail), TestContext.Current.CancellationToken);
    }

    public const string TestSenderEmail = "tests@example.com";

    /// <summary>The actor of <paramref name="email"/>, invited with <paramref name="role"/> first if the app does not know them.</summary>
    public async Task<Actor> ActorAsync(string email, string role = AppRoles.Operator)
    {
        var account = await Accounts.FindByEmailAsync(email, TestContext.Current.CancellationToken);
        if (account is null)
        {
            var invited = await Accounts.InviteAsync(email, role, TestContext.Current.CancellationToken);
            Assert.True(invited.Succeeded, invited.Error);
            return new Actor(invited.UserId!);
        }

        return new Actor(account.Id);
    }

    /// <summary>Polls the store until the message satisfies <paramref name="condition"/>; fails with its last state.</summary>
    public async Task<Message> WaitForAsync(Guid id, Func<Message, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        Message? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Store.FindAsync(id, TestContext.Current.CancellationToken);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Message {id} did not reach the expected state in time; last: {last?.Status}, history: {string.Join(", ", last?.History.Select(h => $"{h.RawStatus}/{h.Source}/{h.Outcome}") ?? [])}");
        return last!;
    }

    public Task<Message> WaitForFinalAsync(Guid id) => WaitForAsync(id, m => m.IsFinal);

    /// <summary>Stores a message Twilio has accepted (queued, with a SID), without the simulator sending it callbacks.</summary>
    public async Task<Message> AddQueuedMessageAsync(string? sid = null, string? to = null)
    {
        var message = to is null ? TestMessages.Queued(sid) : TestMessages.Queued(sid) with { To = to };
        await Store.AddAsync(message, TestContext.Current.CancellationToken);
        return message;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a late reader: the temp folder is cleaned by the OS eventually.
            }
        }
    }
}
