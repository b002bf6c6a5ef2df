using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Bulk jobs in the SQLite file: a job and its rows inserted in one transaction; state changes and row outcomes are
/// conditional updates (only from the expected state, only a pending row), so a late or repeated write changes nothing.
/// </summary>
public sealed class SqliteBulkJobStore(SqliteStoreOptions options) : IBulkJobStore
{
    private const string JobColumns = "id, owner_user_id, owner_api_key, created_by, source, state, paused_reason, created_at, updated_at, completed_at, total_rows";
    private const string RowColumns = "job_id, row_number, to_number, body, resent_from_id, outcome, error, message_id";

    public async Task AddAsync(BulkJob job, IReadOnlyList<BulkRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var transaction = connection.BeginTransaction();
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = $"INSERT INTO bulk_jobs ({JobColumns}) VALUES ($id, $owner, $key, $by, $source, $state, $reason, $created, $updated, $completed, $total)";
                insert.Parameters.AddWithValue("$id", Id(job.Id));
                insert.Parameters.AddWithValue("$owner", job.OwnerUserId);
                insert.Parameters.AddWithValue("$key", job.OwnerApiKeyId is { } key ? Id(key) : DBNull.Value);
                insert.Parameters.AddWithValue("$by", job.CreatedBy);
                insert.Parameters.AddWithValue("$source", job.Source);
                insert.Parameters.AddWithValue("$state", job.State.ToString());
                insert.Parameters.AddWithValue("$reason", (object?)job.PausedReason ?? DBNull.Value);
                insert.Parameters.AddWithValue("$created", job.CreatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$updated", job.UpdatedAt.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$completed", job.CompletedAt is { } done ? done.ToUnixTimeMilliseconds() : DBNull.Value);
                insert.Parameters.AddWithValue("$total", job.TotalRows);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var insertRow = connection.CreateCommand())
            {
                insertRow.CommandText = $"INSERT INTO bulk_rows ({RowColumns}) VALUES ($job, $row, $to, $body, $resent, $outcome, $error, NULL)";
                var jobId = insertRow.Parameters.AddWithValue("$job", Id(job.Id));
                var number = insertRow.Parameters.Add("$row", SqliteType.Integer);
                var to = insertRow.Parameters.Add("$to", SqliteType.Text);
                var body = insertRow.Parameters.Add("$body", SqliteType.Text);
                var resent = insertRow.Parameters.Add("$resent", SqliteType.Text);
                var outcome = insertRow.Parameters.Add("$outcome", SqliteType.Text);
                var error = insertRow.Parameters.Add("$error", SqliteType.Text);
                foreach (var row in rows)
                {
                    number.Value = row.RowNumber;
                    to.Value = row.To;
                    body.Value = row.Body;
                    resent.Value = row.ResentFromId is { } original ? Id(original) : DBNull.Value;
                    outcome.Value = row.Outcome.ToString();
                    error.Value = (object?)row.Error ?? DBNull.Value;
                    await insertRow.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    public async Task<BulkJob?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryJobsAsync("WHERE id = $id", p => p.AddWithValue("$id", Id(id)), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<BulkJob>> ListAsync(int limit, CancellationToken cancellationToken) =>
        QueryJobsAsync("ORDER BY created_at DESC, id DESC LIMIT $limit", p => p.AddWithValue("$limit", Math.Max(1, limit)), cancellationToken);

    public Task<IReadOnlyList<BulkJob>> FindInStateAsync(BulkJobState state, CancellationToken cancellationToken) =>
        QueryJobsAsync("WHERE state = $state ORDER BY created_at, id", p => p.AddWithValue("$state", state.ToString()), cancellationToken);

    public async Task<BulkJob?> TransitionAsync(Guid id, IReadOnlyCollection<BulkJobState> from, BulkJobState to, string? pausedReason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var states = from.Select((s, i) => ($"$from{i}", s.ToString())).ToList();
        await ExecuteAsync(
            $"""
            UPDATE bulk_jobs SET state = $to, paused_reason = $reason, updated_at = $at,
                completed_at = CASE WHEN $to IN ('Completed', 'Canceled') THEN $at ELSE completed_at END
            WHERE id = $id AND state IN ({string.Join(", ", states.Select(s => s.Item1))})
            """,
            p =>
            {
                p.AddWithValue("$id", Id(id));
                p.AddWithValue("$to", to.ToString());
                p.AddWithValue("$reason", (object?)pausedReason ?? DBNull.Value);
                p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
                foreach (var (name, value) in states)
                {
                    p.AddWithValue(name, value);
                }
            },
            cancellationToken);
        return await FindAsync(id, cancellationToken);
    }

    public Task<IReadOnlyList<BulkRow>> PendingRowsAsync(Guid jobId, int afterRow, int limit, CancellationToken cancellationToken) =>
        QueryRowsAsync(
            "WHERE job_id = $job AND outcome = 'Pending' AND row_number > $after ORDER BY row_number LIMIT $limit",
            p =>
            {
                p.AddWithValue("$job", Id(jobId));
                p.AddWithValue("$after", afterRow);
                p.AddWithValue("$limit", Math.Max(1, limit));
            },
            cancellationToken);

    public Task<IReadOnlyList<BulkRow>> RowsAsync(Guid jobId, int afterRow, int limit, bool excludedOnly, CancellationToken cancellationToken) =>
        QueryRowsAsync(
            $"WHERE job_id = $job AND row_number > $after {(excludedOnly ? "AND outcome = 'Excluded'" : "")} ORDER BY row_number LIMIT $limit",
            p =>
            {
                p.AddWithValue("$job", Id(jobId));
                p.AddWithValue("$after", afterRow);
                p.AddWithValue("$limit", Math.Max(1, limit));
            },
            cancellationToken);

    public async Task<bool> SettleRowAsync(Guid jobId, int rowNumber, BulkRowOutcome outcome, Guid? messageId, string? error, CancellationToken cancellationToken) =>
        await SettleRowsAsync(jobId, [new BulkRowSettlement(rowNumber, outcome, messageId, error)], cancellationToken) == 1;

    // A row canceled while its send was under way still records what the send did.
    private const string SettleSql = """
        UPDATE bulk_rows SET outcome = $outcome, message_id = $message, error = $error
        WHERE job_id = $job AND row_number = $row AND (outcome = 'Pending' OR (outcome = 'Canceled' AND $message IS NOT NULL))
        """;

    public async Task<int> SettleRowsAsync(Guid jobId, IReadOnlyList<BulkRowSettlement> settlements, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var transaction = connection.BeginTransaction();
            await using var update = connection.CreateCommand();
            update.CommandText = SettleSql;
            update.Parameters.AddWithValue("$job", Id(jobId));
            var row = update.Parameters.Add("$row", SqliteType.Integer);
            var outcome = update.Parameters.Add("$outcome", SqliteType.Text);
            var message = update.Parameters.Add("$message", SqliteType.Text);
            var error = update.Parameters.Add("$error", SqliteType.Text);
            var changed = 0;
            foreach (var settlement in settlements)
            {
                row.Value = settlement.RowNumber;
                outcome.Value = settlement.Outcome.ToString();
                message.Value = settlement.MessageId is { } id ? Id(id) : DBNull.Value;
                error.Value = (object?)settlement.Error ?? DBNull.Value;
                changed += await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return changed;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    public Task<int> SettlePendingAsync(Guid jobId, BulkRowOutcome outcome, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE bulk_rows SET outcome = $outcome WHERE job_id = $job AND outcome = 'Pending'",
            p =>
            {
                p.AddWithValue("$job", Id(jobId));
                p.AddWithValue("$outcome", outcome.ToString());
            },
            cancellationToken);

    public async Task<IReadOnlyDictionary<BulkRowOutcome, int>> CountAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT outcome, COUNT(*) FROM bulk_rows WHERE job_id = $job GROUP BY outcome";
            command.Parameters.AddWithValue("$job", Id(jobId));
            var counts = new Dictionary<BulkRowOutcome, int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[Enum.Parse<BulkRowOutcome>(reader.GetString(0))] = reader.GetInt32(1);
            }

            return counts;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    public async Task<IReadOnlySet<string>> OptedOutAmongAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (numbers.Count == 0)
        {
            return found;
        }

        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            // SQLite allows 32766 parameters; 500 a query keeps each statement small.
            foreach (var chunk in numbers.Chunk(500))
            {
                await using var command = connection.CreateCommand();
                var names = chunk.Select((n, i) => $"$n{i}").ToList();
                command.CommandText = $"SELECT number FROM opt_outs WHERE opted_out = 1 AND number IN ({string.Join(", ", names)})";
                for (var i = 0; i < chunk.Length; i++)
                {
                    command.Parameters.AddWithValue(names[i], chunk[i]);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(reader.GetString(0));
                }
            }

            return found;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    private async Task<IReadOnlyList<BulkJob>> QueryJobsAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {JobColumns} FROM bulk_jobs {tail}";
            bind(command.Parameters);
            var jobs = new List<BulkJob>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                jobs.Add(new BulkJob
                {
                    Id = Guid.ParseExact(reader.GetString(0), "N"),
                    OwnerUserId = reader.GetString(1),
                    OwnerApiKeyId = reader.IsDBNull(2) ? null : Guid.ParseExact(reader.GetString(2), "N"),
                    CreatedBy = reader.GetString(3),
                    Source = reader.GetString(4),
                    State = Enum.Parse<BulkJobState>(reader.GetString(5)),
                    PausedReason = reader.IsDBNull(6) ? null : reader.GetString(6),
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                    UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    CompletedAt = reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                    TotalRows = reader.GetInt32(10),
                });
            }

            return jobs;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    private async Task<IReadOnlyList<BulkRow>> QueryRowsAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteBulkSchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {RowColumns} FROM bulk_rows {tail}";
            bind(command.Parameters);
            var rows = new List<BulkRow>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new BulkRow
                {
                    JobId = Guid.ParseExact(reader.GetString(0), "N"),
                    RowNumber = reader.GetInt32(1),
                    To = reader.GetString(2),
                    Body = reader.GetString(3),
                    ResentFromId = reader.IsDBNull(4) ? null : Guid.ParseExact(reader.GetString(4), "N"),
                    Outcome = Enum.Parse<BulkRowOutcome>(reader.GetString(5)),
                    Error = reader.IsDBNull(6) ? null : reader.GetString(6),
                    MessageId = reader.IsDBNull(7) ? null : Guid.ParseExact(reader.GetString(7), "N"),
                });
            }

            return rows;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    private static string Id(Guid id) => id.ToString("N");
}
