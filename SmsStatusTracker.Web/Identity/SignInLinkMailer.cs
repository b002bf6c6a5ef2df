using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Email;

namespace SmsStatusTracker.Web.Identity;

public enum SignInMailKind
{
    SignIn,
    Invitation,
}

public sealed record SignInMailRequest(string Email, SignInMailKind Kind);

/// <summary>
/// Sign-in link requests are only queued on the request path, whatever the address: the look-up, token and SMTP
/// work happen here, off the request, so a known and an unknown address answer alike and equally fast.
/// </summary>
public sealed class SignInLinkMailer(
    IServiceScopeFactory scopes,
    IMailSender mail,
    IPublicBaseUrl publicBaseUrl,
    IOptions<AuthOptions> options,
    ILogger<SignInLinkMailer> logger) : BackgroundService
{
    public const string LinkPath = "/account/link";

    private readonly Channel<SignInMailRequest> queue = Channel.CreateBounded<SignInMailRequest>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues a link for <paramref name="email"/>; nothing is sent if it has no active account.</summary>
    public void Enqueue(string email, SignInMailKind kind = SignInMailKind.SignIn)
    {
        if (!queue.Writer.TryWrite(new SignInMailRequest(email, kind)))
        {
            logger.LogWarning("The sign-in mail queue is full; a request was dropped");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(request, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Could not send a sign-in link");
            }
        }
    }

    private async Task SendAsync(SignInMailRequest request, CancellationToken cancellationToken)
    {
        string? token;
        await using (var scope = scopes.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().IssueAsync(request.Email);
        }

        if (token is null)
        {
            logger.LogInformation("No sign-in link sent: the address has no active account");
            return;
        }

        var baseUrl = (string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? publicBaseUrl.Get() : new Uri(options.Value.PublicBaseUrl))
            .ToString().TrimEnd('/');
        var link = $"{baseUrl}{LinkPath}?token={Uri.EscapeDataString(token)}";
        var minutes = (int)Math.Round(options.Value.SignInLinkLifetime.TotalMinutes);
        var (subject, intro) = request.Kind == SignInMailKind.Invitation
            ? ("You're invited to SMS Status Tracker", "You have been invited to SMS Status Tracker.")
            : ("Your SMS Status Tracker sign-in link", "Here is the sign-in link you asked for.");
        var text = $"{intro}\n\nSign in: {link}\n\nThe link works once and expires in {minutes} minutes. " +
            "If it has expired, ask for a new one on the sign-in page. If you did not ask for it, ignore this email.";
        var html = $"<p>{WebUtility.HtmlEncode(intro)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Sign in to SMS Status Tracker</a></p>" +
            $"<p>The link works once and expires in {minutes} minutes. If it has expired, ask for a new one on the sign-in page. " +
            "If you did not ask for it, ignore this email.</p>";
        await mail.SendAsync(new OutgoingMail(request.Email, subject, text, html), cancellationToken);
        logger.LogInformation("Sent a sign-in link ({Kind})", request.Kind);
    }
}
