namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>A temporary SQLite database file of a test, and the files SQLite keeps beside it.</summary>
public static class SqliteTestFile
{
    /// <summary>Deletes the database and its WAL, shared-memory and journal files (call after clearing the pools).</summary>
    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
