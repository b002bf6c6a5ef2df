using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace SmsStatusTracker.Core.Storage.Sqlite.Identity;

/// <summary>
/// Creates the Identity tables next to the message tables. EnsureCreated would do nothing on a file that
/// already holds messages, so EF's create script is made idempotent (IF NOT EXISTS) and run on every start.
/// </summary>
internal static partial class SqliteIdentitySchema
{
    public static async Task CreateMissingAsync(TrackerIdentityDbContext context, CancellationToken cancellationToken)
    {
        var script = IdempotentScript(context.Database.GenerateCreateScript());
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = script;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    internal static string IdempotentScript(string createScript)
    {
        var script = CreateTable().Replace(createScript, "CREATE TABLE IF NOT EXISTS ");
        script = CreateIndex().Replace(script, m => $"CREATE {m.Groups[1].Value}INDEX IF NOT EXISTS ");
        // EF separates statements with GO-free semicolons already; transactions around DDL are not needed.
        return script;
    }

    [GeneratedRegex(@"CREATE TABLE (?!IF NOT EXISTS )", RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"CREATE (UNIQUE )?INDEX (?!IF NOT EXISTS )", RegexOptions.CultureInvariant)]
    private static partial Regex CreateIndex();
}
