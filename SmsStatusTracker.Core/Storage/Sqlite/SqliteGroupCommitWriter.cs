using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite file in this process. Writes queue up and are committed together, each inside
/// its own savepoint: one fsync covers many callbacks (about twice the throughput of a transaction each),
/// a failing write is rolled back alone, and every caller learns its outcome only after the commit.
/// The writer keeps one connection (its PRAGMAs set once) and its prepared statements across batches; after a
/// failed batch it opens a fresh connection for the next one, so a broken connection is never reused.
/// A write can also leave items for the end of its batch (<see cref="StageForCommit"/>): they are written once for the
/// whole batch just before the commit, so rows many writes add to (rollup counters) are written once, not once each.
/// </summary>
/// <typeparam name="TStaged">What writes leave for the end of their batch.</typeparam>
internal sealed class SqliteGroupCommitWriter<TStaged> : IAsyncDisposable
{
    private const int MaxBatch = 64;

    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<Task<SqliteConnection>> open;
    private readonly Func<Func<string, SqliteCommand>, IReadOnlyList<TStaged>, Task> writeStaged;
    private readonly List<TStaged> stagedByWrite = [];
    private readonly List<TStaged> stagedByBatch = [];
    private readonly Task loop;
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
    private SqliteConnection? connection;

    /// <param name="writeStaged">Writes what the batch's kept writes staged, inside its transaction, before the commit.</param>
    public SqliteGroupCommitWriter(Func<Task<SqliteConnection>> open, Func<Func<string, SqliteCommand>, IReadOnlyList<TStaged>, Task> writeStaged)
    {
        this.open = open;
        this.writeStaged = writeStaged;
        loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new StoreUnavailableException("The SQLite store is shutting down.");
        }

        return pending.Result;
    }

    /// <summary>
    /// A prepared statement on the writer's connection, enlisted in <paramref name="transaction"/>: SQLite compiles
    /// it once per connection instead of once per write. Only for use inside a write, which runs on the writer alone.
    /// </summary>
    public SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = transaction.Connection!.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>
    /// Leaves <paramref name="item"/> for the end of the batch, where <c>writeStaged</c> gets it with every other kept
    /// write's items. It goes with the current write: if that write's savepoint is rolled back, so is the item.
    /// Only for use inside a write.
    /// </summary>
    public void StageForCommit(TStaged item) => stagedByWrite.Add(item);

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
        await CloseAsync();
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        var applied = new List<PendingWrite>(batch.Count);
        stagedByBatch.Clear();
        try
        {
            connection ??= await open();
            // Not deferred (BEGIN IMMEDIATE): the write lock is taken up front; another process waits its turn.
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var pending in batch)
            {
                // One savepoint at a time (each is released or rolled back before the next), so one name serves.
                Command(transaction, "SAVEPOINT w").ExecuteNonQuery();
                stagedByWrite.Clear();
                try
                {
                    await pending.RunAsync(connection, transaction);
                    Command(transaction, "RELEASE w").ExecuteNonQuery();
                    applied.Add(pending);
                    stagedByBatch.AddRange(stagedByWrite);
                }
                catch (Exception exception)
                {
                    Command(transaction, "ROLLBACK TO w; RELEASE w").ExecuteNonQuery();
                    pending.Fail(Translate(exception));
                }
            }

            if (stagedByBatch.Count > 0)
            {
                // A failure here fails the whole batch below: no write commits without what it staged.
                await writeStaged(sql => Command(transaction, sql), stagedByBatch);
            }

            await transaction.CommitAsync();
        }
        catch (Exception exception)
        {
            await CloseAsync();
            var failure = Translate(exception);
            foreach (var pending in applied)
            {
                pending.Fail(failure);
            }

            foreach (var pending in batch.Where(p => !p.IsDone))
            {
                pending.Fail(failure);
            }

            return;
        }

        foreach (var pending in applied)
        {
            pending.Complete();
        }
    }

    private async Task CloseAsync()
    {
        foreach (var command in commands.Values)
        {
            await command.DisposeAsync();
        }

        commands.Clear();
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private static Exception Translate(Exception exception) => exception is SqliteException sqlite
        ? new StoreUnavailableException($"The SQLite store could not take the write (error {sqlite.SqliteErrorCode}).", sqlite)
        : exception;

    private abstract class PendingWrite
    {
        public abstract bool IsDone { get; }

        public abstract Task RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write) : PendingWrite
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? value;

        public Task<T> Result => completion.Task;

        public override bool IsDone => completion.Task.IsCompleted;

        public override async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction) =>
            value = await write(connection, transaction);

        public override void Complete() => completion.TrySetResult(value!);

        public override void Fail(Exception exception) => completion.TrySetException(exception);
    }
}
