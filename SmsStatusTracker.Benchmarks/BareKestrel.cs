using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Benchmarks;

// Hidden mode `bare-kestrel <port>`: the webhook benchmark's baseline, Kestrel answering 200 on the callback
// route without reading the body, started by the benchmark as a child process like the app.
internal static class BareKestrel
{
    public const string Mode = "bare-kestrel";
    public const string ReadyPath = "/ready";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{int.Parse(args[0])}");
        var app = builder.Build();
        app.MapPost(StatusCallbackRoute.Path, () => Results.Ok());
        app.MapGet(ReadyPath, () => Results.Ok());
        await app.RunAsync();
    }
}
