using System.Net;
using Bunit;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Components.Messages;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Identity;
using SmsStatusTracker.Web.LiveFeed;
using Twilio.Clients;
using TwilioHttp = Twilio.Http;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// bunit with the app's real pieces: a SQLite store on a temporary file, the in-process notifications,
/// the real <see cref="SmsSender"/> talking to a canned Twilio client, real accounts and authorization policies
/// on the same file (sign someone in with <see cref="SignInAsync"/>), and a fake clock.
/// </summary>
public abstract class MessagePagesContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-ui-{Guid.NewGuid():N}.db");

    protected MessagePagesContext()
    {
        Store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));
        Notifications = new MessageNotifications(NullLogger<MessageNotifications>.Instance);
        Twilio = new CannedTwilioClient();
        // The app's storage registration on this file (accounts, API keys); the message store below replaces its own.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={path}" }).Build();
        Services.AddTrackerStorage(configuration);
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        // The reader's zone and view, as the app cascades them (the browser answers nothing unless a test says so: UTC).
        Services.AddReaderSettings();
        Services.AddSingleton<IMessageStore>(Store);
        Services.AddSingleton(Notifications);
        Services.AddSingleton(Circuit);
        Services.AddSingleton<IMessageChangeNotifier>(new InProcessNotifier(Notifications));
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<StatusRecorder>();
        Services.AddSingleton<ITwilioRestClient>(Twilio);
        Services.AddSingleton(Options.Create(new TwilioOptions()));
        Services.AddSingleton(Options.Create(new SmsOptions()));
        Services.AddSingleton<IPublicBaseUrl>(new FixedPublicBaseUrl());
        Services.AddSingleton<IStatusCallbackUrls, StatusCallbackUrls>();
        Services.AddTransient<SmsSender>();
        Services.AddSingleton(Options.Create(new SmsStatusTracker.Core.Scheduling.QuietHoursOptions()));
        Services.AddSingleton(Options.Create(new SmsStatusTracker.Core.Scheduling.SchedulingOptions()));
        Services.AddSingleton<SmsStatusTracker.Core.Scheduling.QuietHours>();
        Services.AddSingleton<SmsStatusTracker.Core.Scheduling.SendPlanner>();
        Services.AddTransient<SmsStatusTracker.Core.Scheduling.ScheduleCanceller>();
        Services.AddSingleton<SmsStatusTracker.Core.Sending.Idempotency.IdempotentSend>();
        SmsStatusTracker.Core.OptOuts.TwoWayRegistration.AddInboundAndOptOuts(Services, configuration);
        Services.AddSingleton<SmsStatusTracker.Core.Inbound.IInboundMessageNotifier>(new InboundMessagePublisher(Notifications));

        Services.AddIdentityCore<TrackerUser>(o => o.User.RequireUniqueEmail = true).AddRoles<IdentityRole>();
        Services.AddTrackerAccounts();
        Services.AddSingleton<ApiKeyService>();
        Services.AddTrackerPolicies();
        // bunit registers placeholders first; the app's real authorization replaces them.
        Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
        Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, Microsoft.AspNetCore.Authorization.DefaultAuthorizationPolicyProvider>();
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(Authentication);
        Services.AddSingleton<SmsStatusTracker.Web.Alerts.AlertFeed>();
        Services.AddSingleton(Options.Create(new SmsStatusTracker.Core.Alerts.AlertOptions()));
    }

    /// <summary>Who the pages see as signed in; nobody until <see cref="SignInAsync"/>.</summary>
    protected TestAuthenticationState Authentication { get; } = new();

    protected SqliteMessageStore Store { get; }

    protected MessageNotifications Notifications { get; }

    /// <summary>The browser connection as the pages see it; <see cref="ReconnectCircuitAsync"/> drops and restores it.</summary>
    protected CircuitConnection Circuit { get; } = new();

    /// <summary>A reconnect after which pages must resync: "feed" (the link to other instances came back) or "circuit".</summary>
    protected Task ReconnectAsync(string what) => what switch
    {
        "feed" => Notifications.PublishResyncAsync(),
        "circuit" => ReconnectCircuitAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    /// <summary>What Blazor reports when a dropped circuit comes back (the first "up" is the initial connection).</summary>
    protected async Task ReconnectCircuitAsync()
    {
        await Circuit.OnConnectionUpAsync(null!, Ct);
        await Circuit.OnConnectionUpAsync(null!, Ct);
    }

    protected FakeTimeProvider Clock { get; } = new(Now);

    protected CannedTwilioClient Twilio { get; }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    public async ValueTask InitializeAsync()
    {
        await Store.InitializeAsync(Ct);
        await Services.GetRequiredService<IIdentityStoreInitializer>().InitializeAsync(Ct);
        using var scope = Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AppRoles.All)
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
    }

    protected AccountService Accounts => Services.GetRequiredService<AccountService>();

    /// <summary>Invites <paramref name="email"/> as <paramref name="role"/> and makes the pages see them signed in, with
    /// the claims a real session carries (id, name, role, security stamp). Returns their user id.</summary>
    protected async Task<string> SignInAsync(string email, string role)
    {
        var invited = await Accounts.InviteAsync(email, role, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        Authentication.Set(await Accounts.CreatePrincipalAsync(invited.UserId!, Ct) ?? throw new InvalidOperationException("No principal"));
        return invited.UserId!;
    }

    /// <summary>Renders a page under a popover provider, as the layout does, and returns the page.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>(IReadOnlyDictionary<string, object?>? parameters = null) where TPage : IComponent
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<TPage>(1);
            foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            {
                builder.AddAttribute(2, name, value);
            }

            builder.CloseComponent();
        });
        return host.FindComponent<TPage>();
    }

    /// <summary>The message ids of the rows <paramref name="rowSelector"/> finds, top to bottom.</summary>
    protected static string[] RowIds<TPage>(IRenderedComponent<TPage> page, string rowSelector)
        where TPage : IComponent =>
        page.FindAll(rowSelector).Select(row => row.GetAttribute("data-message-id")!).ToArray();

    /// <summary>The status shown in the row of message <paramref name="id"/>.</summary>
    protected static string StatusOfRow<TPage>(IRenderedComponent<TPage> page, string rowSelector, Guid id)
        where TPage : IComponent =>
        page.Find($"{rowSelector}[data-message-id='{id}'] [data-status]").GetAttribute("data-status")!;

    protected static Message StoredMessage(
        int n,
        MessageStatus status = MessageStatus.Delivered,
        string? to = null,
        string? body = null,
        int? errorCode = null,
        DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? Now.AddMinutes(-100 + n);
        return TestMessages.Stored(
            n,
            status,
            sid: $"SM{n:D32}",
            to: to,
            from: "+15005550006",
            body: body,
            errorCode: errorCode,
            errorMessage: errorCode is null ? null : $"Twilio error {errorCode}",
            createdAt: created,
            id: Guid.CreateVersion7(created),
            version: 1,
            history:
            [
                new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = created },
                new StatusEvent { RawStatus = status.ToWireName(), Source = StatusEventSource.Callback, ReceivedAt = created.AddSeconds(5), ErrorCode = errorCode },
            ]);
    }

    protected async Task<Message> AddAsync(Message message)
    {
        await Store.AddAsync(message, Ct);
        return message;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Store.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteTestFile.Delete(path);
    }

    private sealed class FixedPublicBaseUrl : IPublicBaseUrl
    {
        public Uri Get() => new("https://tracker.example.com/");
    }

    /// <summary>Answers every create with a queued message resource and remembers what was asked.</summary>
    protected sealed class CannedTwilioClient : ITwilioRestClient
    {
        private int count;

        public List<TwilioHttp.Request> Requests { get; } = [];

        public string AccountSid => TwilioOptions.SimulatorAccountSid;

        public string? Region => null;

        public TwilioHttp.HttpClient HttpClient => throw new NotSupportedException();

        public TwilioHttp.Response Request(TwilioHttp.Request request) => RequestAsync(request).GetAwaiter().GetResult();

        /// <summary>While set and not completed, Twilio "takes its time": each request waits for it (a slow API).</summary>
        public TaskCompletionSource? Gate { get; set; }

        public async Task<TwilioHttp.Response> RequestAsync(TwilioHttp.Request request)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            if (Gate is { } gate)
            {
                await gate.Task;
            }

            var sid = $"SMresent{Interlocked.Increment(ref count):D26}";
            var json = $$"""{"sid":"{{sid}}","status":"queued","num_segments":"1","account_sid":"{{AccountSid}}"}""";
            return new TwilioHttp.Response(HttpStatusCode.Created, json);
        }
    }
}

/// <summary>The signed-in user as the pages see it; <see cref="Set"/> changes it as a revalidation would.</summary>
public sealed class TestAuthenticationState : AuthenticationStateProvider
{
    private ClaimsPrincipal user = new(new ClaimsIdentity());

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));

    public void Set(ClaimsPrincipal principal)
    {
        user = principal;
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }
}

/// <summary>What the app's publisher does for this process: changes go straight to its watchers, as rows.</summary>
internal sealed class InProcessNotifier(MessageNotifications notifications) : IMessageChangeNotifier
{
    public Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken) =>
        notifications.PublishLocallyAsync(new MessageChange(SmsStatusTracker.Web.LiveFeed.MessageChangedEvent.AsRow(message), kind));
}
