namespace SmsStatusTracker.Core.OptOuts;

/// <summary>What an audit entry did to a number.</summary>
public enum OptOutAction
{
    /// <summary>The number may no longer be texted.</summary>
    OptedOut,

    /// <summary>The number may be texted again.</summary>
    OptedIn,

    /// <summary>HELP was received; recorded, the state is unchanged.</summary>
    HelpRequested,

    /// <summary>A send to the opted-out number was refused before Twilio was called.</summary>
    Suppressed,
}

/// <summary>Where an audit entry came from.</summary>
public enum OptOutSource
{
    Keyword,
    Twilio21610,
    Manual,
    Import,
    Send,
}

/// <summary>
/// One line of a number's audit trail. <see cref="Id"/> is unique; entries that may be reported twice (a webhook
/// retry, a repeated callback) get an id derived from what reported them, so the store keeps one.
/// </summary>
public sealed record OptOutEntry
{
    public required Guid Id { get; init; }

    /// <summary>The number in E.164.</summary>
    public required string Number { get; init; }

    public required OptOutAction Action { get; init; }

    public required OptOutSource Source { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>Who did it: a user's label, or the number itself for a keyword, or "Twilio".</summary>
    public required string Actor { get; init; }

    /// <summary>The keyword, the reason given, or what was refused.</summary>
    public string? Detail { get; init; }

    /// <summary>Whether this entry changes the number's state (rather than only being recorded).</summary>
    public bool ChangesState => Action is OptOutAction.OptedOut or OptOutAction.OptedIn;
}

/// <summary>A number's current state in the ledger.</summary>
public sealed record OptOutNumber(string Number, bool OptedOut, DateTimeOffset ChangedAt, OptOutSource Source);
