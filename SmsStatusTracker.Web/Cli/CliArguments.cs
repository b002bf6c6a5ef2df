namespace SmsStatusTracker.Web.Cli;

/// <summary>Bad input on the command line: reported with the usage text and exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>A well-formed command the data refuses (duplicate or unknown user, last admin): exit code 1.</summary>
internal sealed class CliFailureException(string message) : Exception(message);

/// <summary>One command's work, run once the services and the store are ready.</summary>
internal delegate Task CliCommand(IServiceProvider services, TextWriter output, CancellationToken cancellationToken);

/// <summary>
/// The words after a verb: positionals, and <c>--option value</c> pairs from a fixed list. Anything else is a
/// usage error, so a typo never silently does something other than what was asked.
/// </summary>
internal sealed class CliArguments
{
    private readonly List<string> positionals = [];
    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    private CliArguments()
    {
    }

    public static CliArguments Parse(IEnumerable<string> args, int positionalCount, params string[] allowedOptions)
    {
        var parsed = new CliArguments();
        using var words = args.GetEnumerator();
        while (words.MoveNext())
        {
            var word = words.Current;
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var name = word[2..];
                if (!allowedOptions.Contains(name, StringComparer.Ordinal))
                {
                    throw new CliUsageException($"Unknown option '{word}'.");
                }

                if (!words.MoveNext() || words.Current.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CliUsageException($"Option '{word}' needs a value.");
                }

                if (!parsed.options.TryAdd(name, words.Current))
                {
                    throw new CliUsageException($"Option '{word}' is given twice.");
                }
            }
            else
            {
                parsed.positionals.Add(word);
            }
        }

        if (parsed.positionals.Count > positionalCount)
        {
            throw new CliUsageException($"Unexpected argument '{parsed.positionals[positionalCount]}'.");
        }

        return parsed;
    }

    public string Positional(int index, string name) =>
        index < positionals.Count ? positionals[index] : throw new CliUsageException($"Missing {name}.");

    public string Option(string name) =>
        options.TryGetValue(name, out var value) ? value : throw new CliUsageException($"Missing --{name}.");

    public static string Email(string value) =>
        Core.Accounts.AccountService.TryNormalizeEmail(value, out var address)
            ? address
            : throw new CliUsageException($"'{value}' is not a valid email address.");
}
