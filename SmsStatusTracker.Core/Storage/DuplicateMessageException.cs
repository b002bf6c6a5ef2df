namespace SmsStatusTracker.Core.Storage;

public sealed class DuplicateMessageException(string message, Exception? inner = null) : Exception(message, inner);
