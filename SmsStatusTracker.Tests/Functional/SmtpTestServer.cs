using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using netDumbster.smtp;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>A real in-process SMTP server (netDumbster) on a free loopback port; mail is read back as MIME.</summary>
public sealed partial class SmtpTestServer : IDisposable
{
    private readonly SimpleSmtpServer server = SimpleSmtpServer.Start();
    private readonly List<SmtpMessage> received = [];

    public SmtpTestServer()
    {
        // The server's own collection does not keep arrival order; this does.
        server.MessageReceived += (_, e) =>
        {
            lock (received)
            {
                received.Add(e.Message);
            }
        };
    }

    public int Port => server.Configuration.Port;

    /// <summary>Settings that point the app at this server without TLS.</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "Tracker <tracker@example.com>",
    };

    public IReadOnlyList<MimeMessage> MailTo(string address) =>
        Received()
            .Select(mail => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data))))
            .Where(mail => mail.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    /// <summary>Waits for the <paramref name="count"/>-th mail to <paramref name="address"/> and returns the sign-in link in it.</summary>
    public async Task<Uri> WaitForLinkAsync(string address, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var mails = MailTo(address);
            if (mails.Count >= count)
            {
                var text = mails[count - 1].TextBody ?? "";
                var link = Link().Match(text);
                Assert.True(link.Success, $"No sign-in link in: {text}");
                return new Uri(link.Value);
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No mail #{count} reached {address}; the server got {Received().Count} in all.");
        return null!;
    }

    public void Dispose() => server.Dispose();

    private List<SmtpMessage> Received()
    {
        lock (received)
        {
            return [.. received];
        }
    }

    [GeneratedRegex(@"https?://\S+/account/link\?token=\S+")]
    private static partial Regex Link();
}
