using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Web.OutboundWebhooks;

/// <summary>
/// The delivery client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and connects
/// only to addresses <see cref="WebhookAddressRules"/> allows, so a name that resolved to a public address at
/// registration and to an internal one now (DNS rebinding) is refused at the moment it matters.
/// </summary>
public sealed class WebhookConnectGuard(IWebhookHostResolver resolver, IOptionsMonitor<OutboundWebhookOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = await resolver.ResolveAsync(host, cancellationToken);
        var refusals = new List<string>();
        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            if (WebhookAddressRules.CheckAddress(address, settings) is { } refused)
            {
                refusals.Add(refused);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastFailure = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastFailure is not null)
        {
            throw lastFailure;
        }

        throw new WebhookAddressRefusedException(refusals.Count > 0
            ? $"Refused to connect to {host}: {string.Join(" ", refusals.Distinct())}"
            : $"{host} resolved to no address.");
    }
}

/// <summary>A delivery not attempted because every address of the receiver is one the rules refuse.</summary>
public sealed class WebhookAddressRefusedException(string message) : IOException(message);
