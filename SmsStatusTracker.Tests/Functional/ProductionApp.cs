using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>The app in Production on the in-memory test server: its own temporary SQLite file, mail to <paramref name="smtp"/>.</summary>
internal static class ProductionApp
{
    /// <summary>Later <paramref name="settings"/> win over the defaults here.</summary>
    public static WebApplicationFactory<Program> Create(SmtpTestServer smtp, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"smsstatus-prod-{Guid.NewGuid():N}.db");
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(Environments.Production);
            foreach (var (key, value) in smtp.AppSettings())
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={path}");
            builder.UseSetting("ConnectionStrings:Mongo", "");
            // Outside Development the simulator runs only when chosen explicitly.
            builder.UseSetting("Twilio:Mode", "Simulator");
            builder.UseSetting("Twilio:Simulator:AllowOutsideDevelopment", "true");
            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }
        });
    }
}
