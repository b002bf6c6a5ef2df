using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// A configuration mistake (a missing key, an invalid value) stops the app with one clear line naming the
/// key, not a stack trace.
/// </summary>
public static class StartupErrors
{
    public static async Task<int> ReportAsync(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync($"SmsStatusTracker could not start: {string.Join(" ", invalid.Failures)}");
            return 1;
        }
        catch (InvalidOperationException misconfigured) when (misconfigured.Message.Contains(':', StringComparison.Ordinal))
        {
            // Our own configuration checks name the key ("Smtp:Host is required …"); anything else keeps its stack trace.
            await Console.Error.WriteLineAsync($"SmsStatusTracker could not start: {misconfigured.Message}");
            return 1;
        }
    }
}
