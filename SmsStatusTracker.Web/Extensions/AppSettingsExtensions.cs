using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SmsStatusTracker.Web.Extensions;

public static class AppSettingsExtensions
{
    /// <summary>
    /// The arguments for <c>WebApplication.CreateBuilder</c> with the default sources' reload-on-change off: those
    /// sources are created inside CreateBuilder, before <see cref="UseRepositoryAppSettings"/> can replace them, and
    /// each would start a watcher over the whole working directory; replacing the source leaves that watcher running.
    /// </summary>
    public static string[] WithoutFolderWatch(string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>
    /// The app's one settings file sits at the repository root and is copied beside the binaries, so
    /// appsettings(.Environment).json are read from there whatever directory the app starts in. Their
    /// place among the sources is kept: user secrets, environment variables and arguments still win.
    /// Reload on change (always on, see <see cref="WithoutFolderWatch"/>) polls just those files (every 4 s) instead
    /// of watching the folder: a file system watcher
    /// covers the whole tree below it, and when the app runs from its own folder (a deployment's working
    /// directory) that tree holds the default <c>data/</c> folder, whose SQLite writes kept the watcher busy
    /// (9–12 % of a core under callback load).
    /// </summary>
    public static WebApplicationBuilder UseRepositoryAppSettings(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var binaries = new PhysicalFileProvider(AppContext.BaseDirectory) { UsePollingFileWatcher = true, UseActivePolling = true };
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = true,
                    FileProvider = binaries,
                };
            }
        }

        return builder;
    }
}
