using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>Where the embedded store lives, from <c>ConnectionStrings:Sqlite</c>.</summary>
public sealed class SqliteStoreOptions
{
    public const string DefaultConnectionString = "Data Source=data/smsstatus.db";

    public SqliteStoreOptions(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultConnectionString : connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(source);
        }

        ConnectionString = builder.ToString();
        DataSourcePath = builder.DataSource;
    }

    public string ConnectionString { get; }

    public string DataSourcePath { get; }
}
