namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>The <c>Mongo</c> section: how long one store call may take before it counts as "unavailable".</summary>
public sealed class MongoOperationOptions
{
    public const string Section = "Mongo";

    /// <summary>Twilio waits 15 s for a callback's answer; a stalled server must become a 503 well before that.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan MinOperationTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Under Twilio's 15 s, with room for the rest of the request.</summary>
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromSeconds(12);

    /// <summary>
    /// The whole of one driver operation (server selection, connecting, the round trips and retries), set as the
    /// driver's client-side operation timeout (<c>timeoutMS</c>). A <c>timeoutMS</c> in the connection string wins.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;
}
