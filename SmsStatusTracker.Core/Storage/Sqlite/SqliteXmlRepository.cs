using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The Data Protection key ring in the SQLite file, so every process on that file (another app process, a
/// restarted container with a new home directory) reads the cookies, antiforgery tokens and protected
/// state the others issued. Data Protection reads the ring rarely (it caches it and refreshes about daily),
/// so a connection per call is fine. The table is created on first use: the key ring may be read before
/// the hosted initialisers run.
/// </summary>
public sealed class SqliteXmlRepository(SqliteStoreOptions options) : IXmlRepository
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS data_protection_keys (
            friendly_name TEXT NOT NULL PRIMARY KEY,
            xml           TEXT NOT NULL
        );
        """;

    private volatile bool created;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        // Key files are never rewritten by Data Protection (a revocation is a new element); a name seen twice keeps the first.
        command.CommandText = "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($name, $xml) ON CONFLICT (friendly_name) DO NOTHING";
        command.Parameters.AddWithValue("$name", friendlyName);
        command.Parameters.AddWithValue("$xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(options.ConnectionString);
        connection.Open();
        if (!created)
        {
            using var create = connection.CreateCommand();
            create.CommandText = CreateTable;
            create.ExecuteNonQuery();
            created = true;
        }

        return connection;
    }
}
