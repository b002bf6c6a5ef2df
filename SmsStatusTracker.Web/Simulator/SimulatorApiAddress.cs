using System.Net;
using System.Net.Sockets;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Sends the SDK's API requests to the simulator endpoints of this very app, or, with
/// <see cref="SimulatedApiFailure.ConnectionRefused"/>, to a loopback port nobody listens on.
/// </summary>
public sealed class SimulatorApiAddress(ListeningAddress listening, SimulatorSettings settings) : ITwilioApiAddress
{
    private static readonly Lazy<int> ClosedPort = new(FindClosedPort);

    public Uri? BaseAddressOverride => settings.ApiFailure == SimulatedApiFailure.ConnectionRefused
        ? new Uri($"http://127.0.0.1:{ClosedPort.Value}{TwilioSimulatorEndpoints.BasePath}")
        : new(listening.Get(), TwilioSimulatorEndpoints.BasePath);

    // A port the OS just handed out and that was closed again: connecting to it is refused.
    private static int FindClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
