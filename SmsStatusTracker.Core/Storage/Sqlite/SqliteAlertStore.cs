using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Alert rules and occurrences in the SQLite file, in tables created on first use. A partial unique index allows one
/// open occurrence per rule, so opening is one conditional insert and two evaluators cannot both fire a rule.
/// </summary>
public sealed class SqliteAlertStore(SqliteStoreOptions options) : IAlertStore
{
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS alert_rules (
            id         TEXT NOT NULL PRIMARY KEY,
            document   TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS alert_occurrences (
            id          TEXT    NOT NULL PRIMARY KEY,
            rule_id     TEXT    NOT NULL,
            fired_at    INTEGER NOT NULL,
            resolved_at INTEGER,
            document    TEXT    NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_alert_occurrences_open ON alert_occurrences (rule_id) WHERE resolved_at IS NULL;
        CREATE INDEX IF NOT EXISTS ix_alert_occurrences_fired ON alert_occurrences (fired_at DESC);
        """;

    private static readonly SqliteLazyTables Tables = new(Schema);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<IReadOnlyList<AlertRule>> ListRulesAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT document FROM alert_rules", _ => { }, r => Deserialize<AlertRule>(r.GetString(0)), cancellationToken);

    public async Task<AlertRule?> FindRuleAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT document FROM alert_rules WHERE id = $id", p => p.AddWithValue("$id", id.ToString("N")), r => Deserialize<AlertRule>(r.GetString(0)), cancellationToken))
        .FirstOrDefault();

    public Task SaveRuleAsync(AlertRule rule, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO alert_rules (id, document) VALUES ($id, $document) ON CONFLICT (id) DO UPDATE SET document = excluded.document",
            p =>
            {
                p.AddWithValue("$id", rule.Id.ToString("N"));
                p.AddWithValue("$document", JsonSerializer.Serialize(rule, Json));
            },
            cancellationToken);

    public async Task<bool> DeleteRuleAsync(Guid id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM alert_rules WHERE id = $id", p => p.AddWithValue("$id", id.ToString("N")), cancellationToken) == 1;

    public async Task<bool> TryOpenAsync(AlertOccurrence occurrence, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            INSERT INTO alert_occurrences (id, rule_id, fired_at, resolved_at, document) VALUES ($id, $ruleId, $firedAt, NULL, $document)
            ON CONFLICT DO NOTHING
            """,
            p =>
            {
                p.AddWithValue("$id", occurrence.Id.ToString("N"));
                p.AddWithValue("$ruleId", occurrence.RuleId.ToString("N"));
                p.AddWithValue("$firedAt", occurrence.FiredAt.ToUnixTimeMilliseconds());
                p.AddWithValue("$document", JsonSerializer.Serialize(occurrence with { ResolvedAt = null, Resolved = null }, Json));
            },
            cancellationToken) == 1;

    public async Task<AlertOccurrence?> ResolveAsync(Guid ruleId, DateTimeOffset at, AlertMeasurement? measurement, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            // BEGIN IMMEDIATE: the read and the conditional update run under the write lock, so only one resolver wins.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var find = connection.CreateCommand();
            find.Transaction = transaction;
            find.CommandText = "SELECT id, document FROM alert_occurrences WHERE rule_id = $ruleId AND resolved_at IS NULL";
            find.Parameters.AddWithValue("$ruleId", ruleId.ToString("N"));
            string id, document;
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                (id, document) = (reader.GetString(0), reader.GetString(1));
            }

            var resolved = Deserialize<AlertOccurrence>(document) with { ResolvedAt = at, Resolved = measurement };
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE alert_occurrences SET resolved_at = $at, document = $document WHERE id = $id AND resolved_at IS NULL";
            update.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$document", JsonSerializer.Serialize(resolved, Json));
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return resolved;
        }
        catch (SqliteException exception)
        {
            throw Unavailable(exception);
        }
    }

    public async Task<IReadOnlyList<AlertOccurrence>> ListOpenAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT document FROM alert_occurrences WHERE resolved_at IS NULL ORDER BY fired_at DESC",
            _ => { },
            r => Deserialize<AlertOccurrence>(r.GetString(0)),
            cancellationToken);

    public async Task<IReadOnlyList<AlertOccurrence>> ListRecentAsync(int limit, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT document FROM alert_occurrences ORDER BY fired_at DESC LIMIT $limit",
            p => p.AddWithValue("$limit", Math.Max(1, limit)),
            r => Deserialize<AlertOccurrence>(r.GetString(0)),
            cancellationToken);

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");

    private async Task<List<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var found = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(read(reader));
            }

            return found;
        }
        catch (SqliteException exception)
        {
            throw Unavailable(exception);
        }
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw Unavailable(exception);
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => Tables.OpenAsync(options, cancellationToken);

    private static StoreUnavailableException Unavailable(SqliteException exception) =>
        new($"The alerts could not be read or written now (SQLite error {exception.SqliteErrorCode}).", exception);
}
