using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>The app in Production, with the simulator switched on explicitly.</summary>
internal static class ProductionApp
{
    /// <summary>Production with the simulator switched on explicitly (and a mail host, which Production insists on): for <see cref="TrackerApp"/>.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["environment"] = "Production",
        ["Twilio:Mode"] = "Simulator",
        ["Twilio:Simulator:AllowOutsideDevelopment"] = "true",
        ["Smtp:Host"] = "127.0.0.1",
    };

    /// <summary>
    /// The same on the in-memory test server, with its own temporary SQLite file and mail to <paramref name="smtp"/>;
    /// later <paramref name="settings"/> win.
    /// </summary>
    public static WebApplicationFactory<Program> Create(SmtpTestServer smtp, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"smsstatus-prod-{Guid.NewGuid():N}.db");
        IEnumerable<KeyValuePair<string, string?>> all =
        [
            .. Settings(),
            .. smtp.AppSettings(),
            new("ConnectionStrings:Sqlite", $"Data Source={path}"),
            new("ConnectionStrings:Mongo", ""),
            .. settings ?? [],
        ];
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in all)
            {
                builder.UseSetting(key, value);
            }
        });
    }
}
