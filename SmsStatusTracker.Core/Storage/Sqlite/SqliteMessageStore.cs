using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes go through one group-committing writer in this
/// process (SQLite allows one writer anyway; queuing here avoids busy retries), synchronous=FULL so a
/// commit survives power loss; another process sharing the file waits for the lock instead of failing.
/// </summary>
public sealed partial class SqliteMessageStore : IMessageStore, IAsyncDisposable
{
    private readonly SqliteStoreOptions options;
    private readonly SqliteGroupCommitWriter<StagedChange> writer;
    private readonly ISqliteMessageChangeWriter[] changeWriters;
    private readonly ISqliteMessageChangeBatchWriter[] batchWriters;

    public SqliteMessageStore(
        SqliteStoreOptions options,
        IEnumerable<ISqliteMessageChangeWriter>? changeWriters = null,
        IEnumerable<ISqliteMessageChangeBatchWriter>? batchWriters = null)
    {
        this.options = options;
        this.changeWriters = changeWriters?.ToArray() ?? [];
        this.batchWriters = batchWriters?.ToArray() ?? [];
        writer = new SqliteGroupCommitWriter<StagedChange>(OpenAsync, WriteStagedAsync);
    }

    public string Description => $"SQLite file {options.DataSourcePath}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            await using var connection = await OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Create;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await SqliteListingSchema.ApplyAsync(connection, cancellationToken);
            foreach (var schema in changeWriters.Select(w => w.Schema).Concat(batchWriters.Select(w => w.Schema)))
            {
                command.CommandText = schema;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store at {options.DataSourcePath} could not be prepared (error {exception.SqliteErrorCode}).", exception);
        }
    }

    public Task AddAsync(Message message, CancellationToken cancellationToken) =>
        WriteAsync(async (_, transaction) =>
        {
            var command = writer.Command(transaction, """
                INSERT INTO messages (id, sid, to_number, from_number, body, status, error_code, is_final, created_at, updated_at, version, document)
                VALUES ($id, $sid, $to, $from, $body, $status, $errorCode, $isFinal, $createdAt, $updatedAt, $version, $document)
                """);
            BindMessage(command, message);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException exception) when (IsUniqueViolation(exception))
            {
                throw new DuplicateMessageException($"Message {message.Id} or SID {message.Sid} is already stored.", exception);
            }

            await WriteCompanionsAsync(transaction, new StoredMessageChange(null, StoredTimes.ToMilliseconds(message)), cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindOneAsync(connection, "id = $key", id.ToString("N"), cancellationToken));

    public Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken) =>
        ReadAsync(connection => FindOneAsync(connection, "sid = $key", sid, cancellationToken));

    public Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken) =>
        WriteAsync((_, transaction) => UpdateInWriterAsync(transaction, "id = $key", id.ToString("N"), change, cancellationToken), cancellationToken);

    /// <remarks>
    /// Read, changed and written by the writer, in one transaction on its one connection. Reading first on a pooled
    /// connection (to decode and encode off the writer) cost more than it saved: under a stream of commits every read
    /// transaction starts with an empty page cache (SQLite resets a reader's cache whenever the WAL moved on), so each
    /// lookup re-read its index and table pages through the kernel, while the writer's cache stays warm.
    /// </remarks>
    public Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken) =>
        WriteAsync((_, transaction) => UpdateInWriterAsync(transaction, "sid = $key", sid, change, cancellationToken), cancellationToken);

    public Task ParkAsync(ParkedStatusEvent parked, CancellationToken cancellationToken) =>
        WriteAsync(async (_, transaction) =>
        {
            var command = writer.Command(transaction, "INSERT OR IGNORE INTO parked_status_events (id, sid, received_at, document) VALUES ($id, $sid, $receivedAt, $document)");
            command.Parameters.AddWithValue("$id", parked.Id.ToString("N"));
            command.Parameters.AddWithValue("$sid", parked.Sid);
            command.Parameters.AddWithValue("$receivedAt", parked.Event.ReceivedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$document", MessageJson.Serialize(StoredTimes.ToMilliseconds(parked.Event)));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ParkedStatusEvent>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, document FROM parked_status_events WHERE sid = $sid ORDER BY received_at";
            command.Parameters.AddWithValue("$sid", sid);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var parked = new List<ParkedStatusEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                parked.Add(new ParkedStatusEvent(Guid.Parse(reader.GetString(0)), sid, MessageJson.DeserializeEvent(reader.GetString(1))));
            }

            return parked;
        });

    public Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.CompletedTask : WriteAsync(async (_, transaction) =>
        {
            foreach (var id in ids)
            {
                var command = writer.Command(transaction, "DELETE FROM parked_status_events WHERE id = $id");
                command.Parameters.AddWithValue("$id", id.ToString("N"));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return 0;
        }, cancellationToken);

    public Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM parked_status_events WHERE received_at < $before";
            command.Parameters.AddWithValue("$before", receivedBefore.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<long> CountParkedAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM parked_status_events";
            return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
        });

    public Task PingAsync(CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            // Reads the schema, so a missing or unreadable file fails here rather than on the next callback.
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages'";
            var tables = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
            return tables == 1 ? 0 : throw new StoreUnavailableException("The SQLite store has no messages table.");
        });


    public ValueTask DisposeAsync() => writer.DisposeAsync();

    private static async Task<Message?> FindOneAsync(SqliteConnection connection, string condition, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT document FROM messages WHERE {condition}";
        command.Parameters.AddWithValue("$key", key);
        var document = await command.ExecuteScalarAsync(cancellationToken) as string;
        return document is null ? null : MessageJson.DeserializeMessage(document);
    }

    /// <summary>Read-modify-write inside the writer's transaction, which holds the write lock: nothing can interleave.</summary>
    private async Task<Message?> UpdateInWriterAsync(SqliteTransaction transaction, string condition, string key, Func<Message, Message> change, CancellationToken cancellationToken)
    {
        var find = writer.Command(transaction, $"SELECT document FROM messages WHERE {condition}");
        find.Parameters.AddWithValue("$key", key);
        if (await find.ExecuteScalarAsync(cancellationToken) is not string stored)
        {
            return null;
        }

        var current = MessageJson.DeserializeMessage(stored);
        if (MessageUpdate.Next(current, change) is not { } next)
        {
            return current;
        }

        if (!await TryReplaceAsync(transaction, current, next, MessageJson.Serialize(next), cancellationToken))
        {
            throw new InvalidOperationException($"Message {current.Id} changed inside the write transaction.");
        }

        await WriteCompanionsAsync(transaction, new StoredMessageChange(current, next), cancellationToken);
        return next;
    }

    private async Task WriteCompanionsAsync(SqliteTransaction transaction, StoredMessageChange change, CancellationToken cancellationToken)
    {
        foreach (var changeWriter in changeWriters)
        {
            await changeWriter.WriteAsync(sql => writer.Command(transaction, sql), change, cancellationToken);
        }

        foreach (var batchWriter in batchWriters)
        {
            if (await batchWriter.TakesAsync(sql => writer.Command(transaction, sql), change, cancellationToken))
            {
                writer.StageForCommit(new StagedChange(batchWriter, change));
            }
        }
    }

    private async Task WriteStagedAsync(Func<string, SqliteCommand> command, IReadOnlyList<StagedChange> staged)
    {
        foreach (var batchWriter in batchWriters)
        {
            var changes = staged.Where(s => s.Writer == batchWriter).Select(s => s.Change).ToList();
            if (changes.Count > 0)
            {
                await batchWriter.WriteAsync(command, changes, CancellationToken.None);
            }
        }
    }

    private sealed record StagedChange(ISqliteMessageChangeBatchWriter Writer, StoredMessageChange Change);

    /// <summary>
    /// Replaces <paramref name="current"/> with <paramref name="next"/> unless the stored version moved on; false then.
    /// Only the columns that changed are set, so an index is rewritten only when its key changes (most callbacks
    /// touch neither the SID nor, once the status is final, the status indexes).
    /// </summary>
    private async Task<bool> TryReplaceAsync(SqliteTransaction transaction, Message current, Message next, string document, CancellationToken cancellationToken)
    {
        var sidChanged = next.Sid != current.Sid;
        var statusChanged = next.Status != current.Status || next.ErrorCode != current.ErrorCode;
        var command = writer.Command(transaction, UpdateSql[(sidChanged ? 1 : 0) | (statusChanged ? 2 : 0)]);
        command.Parameters.AddWithValue("$id", next.Id.ToString("N"));
        command.Parameters.AddWithValue("$expected", current.Version);
        command.Parameters.AddWithValue("$updatedAt", next.UpdatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$version", next.Version);
        command.Parameters.AddWithValue("$document", document);
        if (sidChanged)
        {
            command.Parameters.AddWithValue("$sid", (object?)next.Sid ?? DBNull.Value);
        }

        if (statusChanged)
        {
            command.Parameters.AddWithValue("$status", next.Status.ToWireName());
            command.Parameters.AddWithValue("$errorCode", (object?)next.ErrorCode ?? DBNull.Value);
            command.Parameters.AddWithValue("$isFinal", next.IsFinal ? 1 : 0);
        }

        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (SqliteException exception) when (IsUniqueViolation(exception))
        {
            throw new DuplicateMessageException($"SID {next.Sid} already belongs to another message.", exception);
        }
    }

    // Indexed by (sid changed ? 1 : 0) | (status changed ? 2 : 0).
    private static readonly string[] UpdateSql = [.. Enumerable.Range(0, 4).Select(flags =>
        "UPDATE messages SET updated_at = $updatedAt, version = $version, document = $document"
        + ((flags & 1) != 0 ? ", sid = $sid" : "")
        + ((flags & 2) != 0 ? ", status = $status, error_code = $errorCode, is_final = $isFinal" : "")
        + " WHERE id = $id AND version = $expected")];

    private static async Task<List<Message>> ReadMessagesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<Message>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(MessageJson.DeserializeMessage(reader.GetString(0)));
        }

        return messages;
    }

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY; other constraint failures are bugs, not duplicates.
    private static bool IsUniqueViolation(SqliteException exception) => exception.SqliteExtendedErrorCode is 2067 or 1555;

    private static void BindMessage(SqliteCommand command, Message message)
    {
        command.Parameters.AddWithValue("$id", message.Id.ToString("N"));
        command.Parameters.AddWithValue("$sid", (object?)message.Sid ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", message.To);
        command.Parameters.AddWithValue("$from", message.From);
        command.Parameters.AddWithValue("$body", message.Body);
        command.Parameters.AddWithValue("$status", message.Status.ToWireName());
        command.Parameters.AddWithValue("$errorCode", (object?)message.ErrorCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$isFinal", message.IsFinal ? 1 : 0);
        command.Parameters.AddWithValue("$createdAt", message.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$updatedAt", message.UpdatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$version", message.Version);
        command.Parameters.AddWithValue("$document", MessageJson.Serialize(StoredTimes.ToMilliseconds(message)));
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync();
            return await read(connection);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store could not be read (error {exception.SqliteErrorCode}).", exception);
        }
    }

    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        writer.WriteAsync(write, cancellationToken);

    /// <summary>
    /// A write of another SQLite store committed by this store's writer, in its next group commit: a second writer on
    /// the same file would wait for the write lock behind every batch (and pay its own fsync). The write gets a
    /// prepared statement for <paramref name="sql"/> on the writer's connection.
    /// </summary>
    internal Task<T> WriteWithMessagesAsync<T>(string sql, Func<SqliteCommand, Task<T>> write, CancellationToken cancellationToken) =>
        writer.WriteAsync((_, transaction) => write(writer.Command(transaction, sql)), cancellationToken);

    /// <summary>As above, for a write of several statements: <paramref name="write"/> gets a prepared statement per SQL.</summary>
    internal Task<T> WriteWithMessagesAsync<T>(Func<Func<string, SqliteCommand>, Task<T>> write, CancellationToken cancellationToken) =>
        writer.WriteAsync((_, transaction) => write(sql => writer.Command(transaction, sql)), cancellationToken);

    // The writer reads the pages it changes through a memory map instead of a read system call and a copy per page
    // (callbacks land on random messages): about a sixth less server CPU per callback in alternating webhook runs.
    // SQLite only reads through the map; it still writes with write calls, so durability is unchanged.
    private const long WriterMemoryMapBytes = 256L * 1024 * 1024;

    // Reads open a pooled connection and run none of these PRAGMAs: they only matter to the writer, and every write
    // goes through the writer's own connection, opened here once.
    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = {WriterMemoryMapBytes};";
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    }
}
