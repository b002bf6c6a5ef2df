using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Outside Development cookies are Secure-only. Over plain HTTP that used to end in a sign-in redirect loop; now
/// start-up warns once naming the settings, and pages answer with the same advice instead of looping.
/// </summary>
public sealed class PlainHttpOutsideDevelopmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APageOverPlainHttpExplainsWhatToSetInsteadOfLoopingBackToSignIn()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var client = app.CreateBrowserClient();

        using var signIn = await client.GetAsync(IdentityRegistration.SignInPath, Ct);
        var body = await signIn.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Null(signIn.Headers.Location);
        Assert.Contains("HTTPS", body, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownProxies", body, StringComparison.Ordinal);
        Assert.Contains("Auth:PublicBaseUrl", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MachinesStillUsePlainHttp()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var client = app.CreateBrowserClient();

        using var ready = await client.GetAsync("/health/ready", Ct);
        using var api = await client.GetAsync("/api/messages", Ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task BehindATrustedTlsProxyPagesWork()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var signIn = await client.GetAsync(IdentityRegistration.SignInPath, Ct);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public void StartUpOverPlainHttpWarnsOnceNamingTheSettings()
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Text)>();

        using (new TrackerApp(ProductionApp.Settings(), services => services.AddSingleton<ILoggerProvider>(new Capture(logs))))
        {
        }

        var warning = Assert.Single(logs, log => log.Level == LogLevel.Warning && log.Text.Contains("plain HTTP", StringComparison.Ordinal));
        Assert.Contains("Auth:PublicBaseUrl", warning.Text, StringComparison.Ordinal);
        Assert.Contains("ForwardedHeaders:KnownProxies", warning.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoWarningInDevelopmentOrWithAnHttpsPublicBaseUrl(bool production)
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Text)>();
        var settings = production ? ProductionApp.Settings() : [];
        if (production)
        {
            settings["Auth:PublicBaseUrl"] = "https://sms.example.com";
        }

        using (new TrackerApp(settings, services => services.AddSingleton<ILoggerProvider>(new Capture(logs))))
        {
        }

        Assert.DoesNotContain(logs, log => log.Text.Contains("plain HTTP", StringComparison.Ordinal));
    }

    private sealed class Capture(ConcurrentQueue<(LogLevel, string)> logs) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
