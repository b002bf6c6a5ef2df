using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Sorts driver exceptions into the store port's two meaningful failures.</summary>
internal static class MongoErrors
{
    private const int DuplicateKeyCode = 11000;

    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError?.Category == ServerErrorCategory.DuplicateKey,
        MongoBulkWriteException bulk => bulk.WriteErrors.Any(error => error.Category == ServerErrorCategory.DuplicateKey),
        MongoCommandException command => command.Code == DuplicateKeyCode,
        _ => false,
    };

    /// <summary>The server could not be reached or could not answer in time: the caller may retry later (503).</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Server selection and client-side operation timeouts surface as System.TimeoutException.
        TimeoutException => true,
        MongoConnectionException or MongoConnectionPoolPausedException or MongoWaitQueueFullException => true,
        MongoExecutionTimeoutException or MongoNotPrimaryException or MongoNodeIsRecoveringException => true,
        // Written (maybe) but not acknowledged by enough members: not durable yet as far as we know.
        MongoWriteConcernException => true,
        MongoWriteException { WriteError: null, WriteConcernError: not null } => true,
        MongoException mongo => mongo.HasErrorLabel("RetryableWriteError") || mongo.HasErrorLabel("TransientTransactionError"),
        _ => false,
    };
}
