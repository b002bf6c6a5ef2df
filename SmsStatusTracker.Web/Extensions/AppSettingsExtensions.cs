using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SmsStatusTracker.Web.Extensions;

public static class AppSettingsExtensions
{
    /// <summary>
    /// The app's one settings file sits at the repository root and is copied beside the binaries, so
    /// appsettings(.Environment).json are read from there whatever directory the app starts in. Their
    /// place among the sources is kept: user secrets, environment variables and arguments still win.
    /// </summary>
    public static WebApplicationBuilder UseRepositoryAppSettings(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var binaries = new PhysicalFileProvider(AppContext.BaseDirectory);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = json.ReloadOnChange,
                    FileProvider = binaries,
                };
            }
        }

        return builder;
    }
}
