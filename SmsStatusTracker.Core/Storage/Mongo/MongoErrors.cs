using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Sorts driver exceptions into the store port's meaningful failures.</summary>
internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;
    private const int UnauthorizedCode = 13;
    private const int AuthenticationFailedCode = 18;

    /// <summary>
    /// Server error codes that mean "not now": the retryable-reads/writes specifications' list (HostUnreachable 6,
    /// HostNotFound 7, NetworkTimeout 89, ShutdownInProgress 91, PrimarySteppedDown 189, ExceededTimeLimit 262,
    /// SocketException 9001, NotWritablePrimary 10107, InterruptedAtShutdown 11600, InterruptedDueToReplStateChange
    /// 11602, NotPrimaryNoSecondaryOk 13435, NotPrimaryOrSecondary 13436, ReadConcernMajorityNotAvailableYet 134)
    /// plus time limits, locks and write conflicts (MaxTimeMSExpired 50, WriteConcernFailed 64, WriteConflict 112,
    /// FailedToSatisfyReadPreference 133, LockTimeout 24, LockBusy 46, Interrupted 11601).
    /// </summary>
    public static IReadOnlySet<int> TransientCodes { get; } = new HashSet<int>
    {
        6, 7, 24, 46, 50, 64, 89, 91, 112, 133, 134, 189, 262, 9001, 10107, 11600, 11601, 11602, 13435, 13436,
    };

    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(error => error.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };

    /// <summary>The server refused who we are or what we may do: a wrong user, password or <c>authSource</c>.</summary>
    public static bool IsAuthenticationFailure(Exception exception) => exception switch
    {
        MongoAuthenticationException => true,
        MongoCommandException command => command.Code is AuthenticationFailedCode or UnauthorizedCode,
        _ => false,
    };

    /// <summary>The server could not be reached or could not answer in time: the caller may retry later (503).</summary>
    public static bool IsUnavailable(Exception exception) => !IsAuthenticationFailure(exception) && exception switch
    {
        // Server selection and client-side operation timeouts surface as System.TimeoutException.
        TimeoutException => true,
        MongoConnectionException or MongoConnectionPoolPausedException or MongoWaitQueueFullException => true,
        MongoExecutionTimeoutException or MongoNotPrimaryException or MongoNodeIsRecoveringException => true,
        // Written (maybe) but not acknowledged by enough members: not durable yet as far as we know.
        MongoWriteConcernException => true,
        MongoWriteException { WriteError: null, WriteConcernError: not null } => true,
        MongoWriteException { WriteError: { } error } => TransientCodes.Contains(error.Code),
        MongoBulkWriteException bulk => bulk.WriteErrors.Count > 0 && bulk.WriteErrors.All(error => TransientCodes.Contains(error.Code)),
        MongoCommandException command when TransientCodes.Contains(command.Code) => true,
        MongoException mongo => mongo.HasErrorLabel("RetryableWriteError") || mongo.HasErrorLabel("TransientTransactionError"),
        _ => false,
    };

    /// <summary>
    /// The port's exception for <paramref name="exception"/>, or null to let it through: unavailable becomes
    /// <see cref="StoreUnavailableException"/> (503, try later); refused credentials become a configuration error
    /// naming the setting, since retrying cannot fix them. Neither repeats the driver's message, which can list
    /// server endpoints.
    /// </summary>
    public static Exception? Translate(Exception exception, string description, string action)
    {
        if (IsAuthenticationFailure(exception))
        {
            return new InvalidOperationException(
                $"{MongoStoreOptions.ConnectionStringKey} was refused by {description}: check the user, password and authSource " +
                "(users created with the shell live in the admin database: add authSource=admin).", exception);
        }

        return IsUnavailable(exception) && !IsDuplicateKey(exception)
            ? new StoreUnavailableException($"{description} could not {action} ({exception.GetType().Name}).", exception)
            : null;
    }
}
