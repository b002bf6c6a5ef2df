using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// How the stores beside the messages (idempotency keys, inbound messages, the opt-out ledger) write: through the
/// message store's group-committing writer when they have it, since a second writer on the same file waits for the
/// write lock behind every batch and pays an fsync of its own; otherwise (a store constructed alone, as in its
/// contract tests) in an immediate transaction on a connection of its own. Either way the write's statements commit
/// together.
/// </summary>
internal static class SqliteWrites
{
    /// <param name="write">Gets a command for a statement's SQL (parameters cleared), enlisted in the transaction.</param>
    public static async Task<T> RunAsync<T>(
        SqliteStoreOptions options,
        SqliteMessageStore? messages,
        string action,
        Func<Func<string, SqliteCommand>, Task<T>> write,
        CancellationToken cancellationToken)
    {
        try
        {
            if (messages is not null)
            {
                return await messages.WriteWithMessagesAsync(write, cancellationToken);
            }

            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
            try
            {
                var result = await write(sql =>
                {
                    if (!commands.TryGetValue(sql, out var command))
                    {
                        command = connection.CreateCommand();
                        command.CommandText = sql;
                        command.Transaction = transaction;
                        commands.Add(sql, command);
                    }

                    command.Parameters.Clear();
                    return command;
                });
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            finally
            {
                foreach (var command in commands.Values)
                {
                    await command.DisposeAsync();
                }
            }
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store could not {action} (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
