using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>Sends the SDK's API requests to the simulator endpoints of this very app.</summary>
public sealed class SimulatorApiAddress(ListeningAddress listening) : ITwilioApiAddress
{
    public Uri? BaseAddressOverride => new(listening.Get(), TwilioSimulatorEndpoints.BasePath);
}
