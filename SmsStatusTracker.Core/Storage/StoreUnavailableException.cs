namespace SmsStatusTracker.Core.Storage;

/// <summary>The database could not take the write now (locked, unreachable); the caller may retry later.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
