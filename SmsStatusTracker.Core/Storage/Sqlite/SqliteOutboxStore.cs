using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// <see cref="IOutboxStore"/> on the SQLite file (tables in <see cref="SqliteOutboxSchema"/>, created on first use
/// too). Each call is one statement or one transaction on its own connection; SQLite's write lock orders it with
/// the message writer's transactions, which add the status-change events.
/// </summary>
public sealed class SqliteOutboxStore(SqliteStoreOptions options) : IOutboxStore
{
    private const int KeptAttempts = 1000;

    private volatile bool created;

    public Task AddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO webhook_endpoints ({SqliteOutboxSchema.EndpointColumns})
                VALUES ($id, $url, $subscription, $enabled, $secret, $created, $by, $reason, NULL, 0)
                """;
            command.Parameters.AddWithValue("$id", endpoint.Id);
            command.Parameters.AddWithValue("$url", endpoint.Url);
            command.Parameters.AddWithValue("$subscription", (int)endpoint.Subscription);
            command.Parameters.AddWithValue("$enabled", endpoint.Enabled ? 1 : 0);
            command.Parameters.AddWithValue("$secret", endpoint.ProtectedSecret);
            command.Parameters.AddWithValue("$created", endpoint.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$by", endpoint.CreatedBy);
            command.Parameters.AddWithValue("$reason", (object?)endpoint.DisabledReason ?? DBNull.Value);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(CancellationToken cancellationToken) =>
        EndpointsAsync("ORDER BY created_at, id", _ => { }, cancellationToken);

    public async Task<WebhookEndpoint?> FindEndpointAsync(string id, CancellationToken cancellationToken) =>
        (await EndpointsAsync("WHERE id = $id", p => p.AddWithValue("$id", id), cancellationToken)).SingleOrDefault();

    public async Task<bool> SetEnabledAsync(string id, bool enabled, string? reason, CancellationToken cancellationToken) =>
        await RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = enabled
                ? "UPDATE webhook_endpoints SET enabled = 1, disabled_reason = NULL, failing_since = NULL, consecutive_failed = 0 WHERE id = $id"
                : "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $reason WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken) == 1;

    public Task DeleteEndpointAsync(string id, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var sql in new[]
            {
                "DELETE FROM webhook_endpoints WHERE id = $id",
                "DELETE FROM outbox_events WHERE endpoint_id = $id",
                "DELETE FROM webhook_attempts WHERE endpoint_id = $id",
            })
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("$id", id);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqliteOutboxSchema.InsertEvent;
            foreach (var outboxEvent in events)
            {
                command.Parameters.Clear();
                SqliteOutboxSchema.BindEvent(command.Parameters, outboxEvent);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxEvent>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<OutboxEvent>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT e.endpoint_id, e.event_id, e.stream, e.sequence, e.type, e.payload, e.created_at, e.state, e.attempts, e.next_attempt_at, e.last_error
                FROM outbox_events e JOIN webhook_endpoints w ON w.id = e.endpoint_id AND w.enabled = 1
                WHERE e.state = 0 AND e.next_attempt_at <= $now
                  AND NOT EXISTS (SELECT 1 FROM outbox_events p
                                  WHERE p.endpoint_id = e.endpoint_id AND p.stream = e.stream AND p.state = 0 AND p.sequence < e.sequence)
                ORDER BY e.next_attempt_at, e.created_at
                LIMIT $limit
                """;
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var due = new List<OutboxEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(new OutboxEvent
                {
                    EndpointId = reader.GetString(0),
                    EventId = reader.GetString(1),
                    Stream = reader.GetString(2),
                    Sequence = reader.GetInt64(3),
                    Type = reader.GetString(4),
                    Payload = reader.GetString(5),
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    State = (OutboxEventState)reader.GetInt32(7),
                    Attempts = reader.GetInt32(8),
                    NextAttemptAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                    LastError = reader.IsDBNull(10) ? null : reader.GetString(10),
                });
            }

            // Two events of one stream can both be "earliest pending" only if they share a sequence; keep one.
            return due.DistinctBy(e => (e.EndpointId, e.Stream)).ToList();
        }, cancellationToken);

    public async Task<WebhookEndpoint?> RecordAttemptAsync(OutboxEvent outboxEvent, DeliveryAttempt attempt, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            async Task ExecuteAsync(string sql, Action<SqliteParameterCollection> bind)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                bind(command.Parameters);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await ExecuteAsync(
                "UPDATE outbox_events SET state = $state, attempts = attempts + 1, next_attempt_at = $next, last_error = $error WHERE endpoint_id = $endpoint AND event_id = $id",
                p =>
                {
                    p.AddWithValue("$state", (int)attempt.Outcome);
                    p.AddWithValue("$next", (retryAt ?? attempt.AttemptedAt).ToUnixTimeMilliseconds());
                    p.AddWithValue("$error", (object?)attempt.Error ?? DBNull.Value);
                    p.AddWithValue("$endpoint", outboxEvent.EndpointId);
                    p.AddWithValue("$id", outboxEvent.EventId);
                });
            await ExecuteAsync(
                """
                INSERT INTO webhook_attempts (endpoint_id, event_id, event_type, attempted_at, outcome, status_code, latency_ms, error)
                VALUES ($endpoint, $id, $type, $at, $outcome, $code, $latency, $error)
                """,
                p =>
                {
                    p.AddWithValue("$endpoint", attempt.EndpointId);
                    p.AddWithValue("$id", attempt.EventId);
                    p.AddWithValue("$type", attempt.EventType);
                    p.AddWithValue("$at", attempt.AttemptedAt.ToUnixTimeMilliseconds());
                    p.AddWithValue("$outcome", (int)attempt.Outcome);
                    p.AddWithValue("$code", (object?)attempt.StatusCode ?? DBNull.Value);
                    p.AddWithValue("$latency", attempt.LatencyMilliseconds);
                    p.AddWithValue("$error", (object?)attempt.Error ?? DBNull.Value);
                });
            await ExecuteAsync(
                attempt.Succeeded
                    ? "UPDATE webhook_endpoints SET failing_since = NULL, consecutive_failed = 0 WHERE id = $endpoint"
                    : "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $at), consecutive_failed = consecutive_failed + $dead WHERE id = $endpoint",
                p =>
                {
                    p.AddWithValue("$endpoint", attempt.EndpointId);
                    p.AddWithValue("$at", attempt.AttemptedAt.ToUnixTimeMilliseconds());
                    p.AddWithValue("$dead", attempt.Outcome == OutboxEventState.Failed ? 1 : 0);
                });
            await ExecuteAsync(
                """
                DELETE FROM webhook_attempts WHERE endpoint_id = $endpoint AND id <=
                    (SELECT id FROM webhook_attempts WHERE endpoint_id = $endpoint ORDER BY id DESC LIMIT 1 OFFSET $kept)
                """,
                p =>
                {
                    p.AddWithValue("$endpoint", attempt.EndpointId);
                    p.AddWithValue("$kept", KeptAttempts);
                });
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);
        return await FindEndpointAsync(outboxEvent.EndpointId, cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string endpointId, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<DeliveryAttempt>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT endpoint_id, event_id, event_type, attempted_at, outcome, status_code, latency_ms, error
                FROM webhook_attempts WHERE endpoint_id = $endpoint ORDER BY id DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$endpoint", endpointId);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var attempts = new List<DeliveryAttempt>();
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts.Add(new DeliveryAttempt(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    (OutboxEventState)reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return attempts;
        }, cancellationToken);

    public Task<long> PendingCountAsync(string endpointId, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM outbox_events WHERE endpoint_id = $endpoint AND state = 0";
            command.Parameters.AddWithValue("$endpoint", endpointId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<int> ReplayAsync(string endpointId, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE outbox_events SET state = 0, attempts = 0, next_attempt_at = $now, last_error = NULL
                WHERE endpoint_id = $endpoint AND created_at >= $since
                """;
            command.Parameters.AddWithValue("$endpoint", endpointId);
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private Task<IReadOnlyList<WebhookEndpoint>> EndpointsAsync(string where, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<WebhookEndpoint>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {SqliteOutboxSchema.EndpointColumns} FROM webhook_endpoints {where}";
            bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var endpoints = new List<WebhookEndpoint>();
            while (await reader.ReadAsync(cancellationToken))
            {
                endpoints.Add(SqliteOutboxSchema.ReadEndpoint(reader));
            }

            return endpoints;
        }, cancellationToken);

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            if (!created)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = SqliteOutboxSchema.Create;
                await command.ExecuteNonQueryAsync(cancellationToken);
                created = true;
            }

            return await work(connection);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The outbound webhooks could not be read or written (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
