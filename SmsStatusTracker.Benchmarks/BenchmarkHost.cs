using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Benchmarks;

/// <summary>The real app on Kestrel at a loopback port with its own SQLite file, quiet logs.</summary>
internal sealed class BenchmarkHost : WebApplicationFactory<Program>
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "smsstatus-bench", Guid.NewGuid().ToString("N"));

    public BenchmarkHost()
    {
        Directory.CreateDirectory(directory);
        UseKestrel(0);
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(directory, "bench.db")}");
        builder.UseSetting("ConnectionStrings:Mongo", "");
        builder.UseSetting("Twilio:Mode", "Simulator");
        builder.UseSetting("Twilio:Simulator:AllowOutsideDevelopment", "true");
        // Outside Development the simulator makes up its own token unless one is configured; the feed benchmark signs with this one.
        builder.UseSetting("Twilio:AuthToken", TwilioOptions.SimulatorAuthToken);
        // Production insists on a mail server for sign-in links; nobody signs in here.
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Reconciliation:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
