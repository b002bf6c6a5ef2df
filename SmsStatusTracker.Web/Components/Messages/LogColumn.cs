namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>The message log's optional columns (status, recipient, text and created time always show).</summary>
public enum LogColumn
{
    From,
    SentBy,
    Segments,
    TimeToFinal,
    CarrierReport,
    LastChange,
    Error,
}

/// <summary>How one reader likes the log: which optional columns, and whether rows are compact.</summary>
public sealed record LogView(IReadOnlySet<LogColumn> Columns, bool Dense)
{
    public static LogView Default { get; } = new(
        new HashSet<LogColumn> { LogColumn.From, LogColumn.SentBy, LogColumn.TimeToFinal, LogColumn.LastChange, LogColumn.Error },
        Dense: false);

    public bool Shows(LogColumn column) => Columns.Contains(column);

    public static string Label(LogColumn column) => column switch
    {
        LogColumn.From => "From",
        LogColumn.SentBy => "Sent by",
        LogColumn.Segments => "Segments",
        LogColumn.TimeToFinal => "Time to final",
        LogColumn.CarrierReport => "Carrier report",
        LogColumn.LastChange => "Last change",
        _ => "Error",
    };
}
