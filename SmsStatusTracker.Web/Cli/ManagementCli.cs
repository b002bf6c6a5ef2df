using SmsStatusTracker.Core;
using SmsStatusTracker.Web.Hosting;

namespace SmsStatusTracker.Web.Cli;

/// <summary>
/// Management commands on the app's own executable: the same configuration and store as the web app, with
/// its services built but the host never started, so nothing listens and no background service runs.
/// </summary>
public static class ManagementCli
{
    public const int Succeeded = 0;
    public const int Refused = 1;
    public const int BadArguments = 2;

    private static readonly string[] Verbs = ["users", "apikeys", "backup", "help"];

    public const string Usage = """
        Management commands (they use the app's configuration and database; the web server is not started):

          users add <email> --role Admin|Operator|Viewer   invite a user with one role
          users list                                       every user with role and status
          users deactivate <email>                         block sign-in and end the user's sessions
          apikeys create --user <email> --name <name>      create an API key; its token is printed only once
          apikeys revoke <id>                              revoke an API key by the id printed at creation
          backup <file>                                    a consistent copy of the SQLite database, taken while the app runs
          help                                             this text

        Example: dotnet SmsStatusTracker.Web.dll users add ops@example.com --role Operator
        Exit codes: 0 done, 1 refused (existing or unknown user, last admin, unknown key, backup file exists or MongoDB store), 2 bad arguments.

        """;

    /// <summary>Only these first words mean a command; options (<c>--urls ...</c>) and settings (<c>key=value</c>) start the web app.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    /// <summary>
    /// A first word that is neither a command, an option (<c>-x</c>, <c>--x</c>, <c>/x</c>) nor a <c>key=value</c>
    /// setting: a mistyped command (<c>user add …</c>), which must never start the web server against the database.
    /// </summary>
    public static string? UnknownCommand(string[] args) =>
        args.Length > 0 && !IsCommand(args) && !args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=', StringComparison.Ordinal)
            ? args[0]
            : null;

    public static async Task<int> RejectUnknownCommandAsync(string word)
    {
        await Console.Error.WriteLineAsync($"error: Unknown command '{word}'. Commands: {string.Join(", ", Verbs)}; to start the web app give no command.");
        await Console.Error.WriteAsync(Usage);
        return BadArguments;
    }

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        CliCommand command;
        try
        {
            if (args[0] == "help" || args is [_, "help" or "--help" or "-h", ..])
            {
                await Console.Out.WriteAsync(Usage);
                return Succeeded;
            }

            command = args[0] switch
            {
                "users" => UserCommands.Parse(args[1..]),
                "backup" => BackupCommand.Parse(args[1..]),
                _ => ApiKeyCommands.Parse(args[1..]),
            };
        }
        catch (CliUsageException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            await Console.Error.WriteAsync(Usage);
            return BadArguments;
        }

        QuietLogging(builder);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        await using var app = builder.Build();
        try
        {
            await app.Services.EnsureStoreReachableAsync(cancel.Token);
            await app.Services.InitializeStoresAsync(cancel.Token);
            await command(app.Services, Console.Out, cancel.Token);
            return Succeeded;
        }
        catch (CliFailureException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return Refused;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("error: cancelled.");
            return Refused;
        }
        catch (Exception exception)
        {
            // One line, not a stack trace: typically an unreachable database or an invalid setting.
            await Console.Error.WriteLineAsync($"error: {exception.GetBaseException().Message}");
            return Refused;
        }
    }

    /// <summary>Standard output carries only the command's result; warnings and errors go to standard error.</summary>
    private static void QuietLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.PostConfigure<LoggerFilterOptions>(filter =>
        {
            filter.Rules.Clear();
            filter.MinLevel = LogLevel.Warning;
        });
    }
}
