using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Web.Cli;

/// <summary>
/// <c>backup &lt;file&gt;</c>: a consistent copy of the SQLite database while the app keeps running, through SQLite's
/// online backup API (<see cref="SqliteConnection.BackupDatabase(SqliteConnection)"/>), which copies one snapshot
/// whatever is written meanwhile. The copy is written beside the target under a temporary name, checked with
/// <c>PRAGMA integrity_check</c>, then renamed, so a file with the target's name is always a whole backup.
/// </summary>
internal static class BackupCommand
{
    public static CliCommand Parse(IReadOnlyList<string> args)
    {
        var parsed = CliArguments.Parse(args, 1);
        var target = parsed.Positional(0, "the file to write the backup to");
        return async (services, output, cancellationToken) =>
        {
            var store = services.GetService<SqliteStoreOptions>()
                ?? throw new CliFailureException("The store is MongoDB (ConnectionStrings:Mongo): back it up with mongodump (see README, \"Backups\").");
            var path = Path.GetFullPath(target);
            if (File.Exists(path))
            {
                throw new CliFailureException($"{path} already exists: choose a new file name.");
            }

            if (string.Equals(path, Path.GetFullPath(store.DataSourcePath), StringComparison.Ordinal))
            {
                throw new CliFailureException("The backup cannot be written over the database itself.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            try
            {
                await using (var source = new SqliteConnection(store.ConnectionString))
                await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
                {
                    await source.OpenAsync(cancellationToken);
                    await copy.OpenAsync(cancellationToken);
                    source.BackupDatabase(copy);
                    await using var check = copy.CreateCommand();
                    // The copy is a single file: take it out of WAL mode so nothing else is needed to open it.
                    check.CommandText = "PRAGMA journal_mode = DELETE; PRAGMA integrity_check;";
                    await using var reader = await check.ExecuteReaderAsync(cancellationToken);
                    await reader.NextResultAsync(cancellationToken);
                    var verdict = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : "no answer";
                    if (verdict != "ok")
                    {
                        throw new CliFailureException($"The copy failed SQLite's integrity check: {verdict}.");
                    }
                }

                File.Move(partial, path);
            }
            finally
            {
                File.Delete(partial);
            }

            await output.WriteLineAsync($"Backed up {store.DataSourcePath} to {path} ({new FileInfo(path).Length} bytes).");
        };
    }
}
