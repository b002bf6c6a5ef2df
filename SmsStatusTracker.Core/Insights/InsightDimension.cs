namespace SmsStatusTracker.Core.Insights;

/// <summary>What insights can be narrowed by: rollups are kept for every message overall and per value of each of these.</summary>
public enum InsightDimension
{
    /// <summary>No filter: every message.</summary>
    All,

    /// <summary>The sending number or Messaging Service (<see cref="Messages.Message.From"/>).</summary>
    Sender,

    /// <summary>Who sent it (<see cref="Messages.Message.SentBy"/>).</summary>
    Operator,

    /// <summary>The recipient's country (<see cref="RecipientCountry"/>).</summary>
    Country,

    /// <summary>The message's Twilio error code.</summary>
    ErrorCode,
}

/// <summary>One dimension and its value (<see cref="InsightDimension.All"/> has the empty value).</summary>
public sealed record InsightFilter(InsightDimension Dimension, string Value)
{
    public static InsightFilter None { get; } = new(InsightDimension.All, "");

    /// <summary>The short name stores keep the dimension under.</summary>
    public string Key => KeyOf(Dimension);

    public static string KeyOf(InsightDimension dimension) => dimension switch
    {
        InsightDimension.All => "all",
        InsightDimension.Sender => "from",
        InsightDimension.Operator => "sentBy",
        InsightDimension.Country => "country",
        InsightDimension.ErrorCode => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };
}
