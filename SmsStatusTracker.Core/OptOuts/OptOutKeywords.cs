namespace SmsStatusTracker.Core.OptOuts;

/// <summary>What an inbound message's keyword asks for.</summary>
public enum KeywordIntent
{
    None,
    OptOut,
    OptIn,
    Help,
}

/// <summary>
/// The one home of the keyword rules, as Twilio's Advanced Opt-Out defaults have them: the whole message, trimmed and
/// compared without regard to case, is one of the keywords ("stop" and " STOP " are; "stop please" is not).
/// </summary>
public static class OptOutKeywords
{
    public static IReadOnlyList<string> OptOut { get; } = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"];

    public static IReadOnlyList<string> OptIn { get; } = ["START", "UNSTOP", "YES"];

    public static IReadOnlyList<string> Help { get; } = ["HELP"];

    /// <summary>The intent of <paramref name="body"/> and its keyword in capitals (null for <see cref="KeywordIntent.None"/>).</summary>
    public static (KeywordIntent Intent, string? Keyword) Classify(string? body)
    {
        var word = (body ?? "").Trim().ToUpperInvariant();
        if (OptOut.Contains(word))
        {
            return (KeywordIntent.OptOut, word);
        }

        if (OptIn.Contains(word))
        {
            return (KeywordIntent.OptIn, word);
        }

        return Help.Contains(word) ? (KeywordIntent.Help, word) : (KeywordIntent.None, null);
    }
}
