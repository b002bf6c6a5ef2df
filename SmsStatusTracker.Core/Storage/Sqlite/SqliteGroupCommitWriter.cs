using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The one writer of a SQLite file in this process. Writes queue up and are committed together, each inside
/// its own savepoint: one fsync covers many callbacks (about twice the throughput of a transaction each),
/// a failing write is rolled back alone, and every caller learns its outcome only after the commit.
/// </summary>
internal sealed class SqliteGroupCommitWriter : IAsyncDisposable
{
    private const int MaxBatch = 64;

    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<Task<SqliteConnection>> open;
    private readonly Task loop;

    public SqliteGroupCommitWriter(Func<Task<SqliteConnection>> open)
    {
        this.open = open;
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

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
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
        try
        {
            await using var connection = await open();
            // Not deferred (BEGIN IMMEDIATE): the write lock is taken up front; another process waits its turn.
            await using var transaction = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "w" + i;
                transaction.Save(savepoint);
                try
                {
                    await batch[i].RunAsync(connection, transaction);
                    transaction.Release(savepoint);
                    applied.Add(batch[i]);
                }
                catch (Exception exception)
                {
                    transaction.Rollback(savepoint);
                    batch[i].Fail(Translate(exception));
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception exception)
        {
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
