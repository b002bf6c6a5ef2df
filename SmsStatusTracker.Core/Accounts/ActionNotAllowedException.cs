namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// The actor may not do this (any more): nothing was done. The message is fit to show the person; an HTTP API
/// answers 403 with it.
/// </summary>
public sealed class ActionNotAllowedException(string reason) : Exception(reason);
