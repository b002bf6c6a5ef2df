namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The outbound-webhook tables: endpoints, the outbox (one row per event and endpoint; kept after delivery so an
/// endpoint can be replayed from a time) and the delivery log. Times are Unix milliseconds.
/// </summary>
internal static class SqliteOutboxSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS webhook_endpoints (
            id                 TEXT    NOT NULL PRIMARY KEY,
            url                TEXT    NOT NULL,
            subscription       INTEGER NOT NULL,
            enabled            INTEGER NOT NULL,
            protected_secret   TEXT    NOT NULL,
            created_at         INTEGER NOT NULL,
            created_by         TEXT    NOT NULL,
            disabled_reason    TEXT,
            failing_since      INTEGER,
            consecutive_failed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS outbox_events (
            endpoint_id     TEXT    NOT NULL,
            event_id        TEXT    NOT NULL,
            stream          TEXT    NOT NULL,
            sequence        INTEGER NOT NULL,
            type            TEXT    NOT NULL,
            payload         TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            state           INTEGER NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_error      TEXT,
            PRIMARY KEY (endpoint_id, event_id)
        );
        CREATE INDEX IF NOT EXISTS outbox_events_due ON outbox_events (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS outbox_events_stream ON outbox_events (endpoint_id, stream, state, sequence);
        CREATE INDEX IF NOT EXISTS outbox_events_created ON outbox_events (endpoint_id, created_at);
        CREATE TABLE IF NOT EXISTS webhook_attempts (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            endpoint_id  TEXT    NOT NULL,
            event_id     TEXT    NOT NULL,
            event_type   TEXT    NOT NULL,
            attempted_at INTEGER NOT NULL,
            outcome      INTEGER NOT NULL,
            status_code  INTEGER,
            latency_ms   INTEGER NOT NULL,
            error        TEXT
        );
        CREATE INDEX IF NOT EXISTS webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id);
        """;

    public const string InsertEvent = """
        INSERT INTO outbox_events (endpoint_id, event_id, stream, sequence, type, payload, created_at, state, attempts, next_attempt_at)
        VALUES ($endpoint, $id, $stream, $sequence, $type, $payload, $created, 0, 0, $next)
        ON CONFLICT (endpoint_id, event_id) DO NOTHING
        """;

    public const string EndpointColumns =
        "id, url, subscription, enabled, protected_secret, created_at, created_by, disabled_reason, failing_since, consecutive_failed";

    public static void BindEvent(Microsoft.Data.Sqlite.SqliteParameterCollection p, OutboundWebhooks.OutboxEvent e)
    {
        p.AddWithValue("$endpoint", e.EndpointId);
        p.AddWithValue("$id", e.EventId);
        p.AddWithValue("$stream", e.Stream);
        p.AddWithValue("$sequence", e.Sequence);
        p.AddWithValue("$type", e.Type);
        p.AddWithValue("$payload", e.Payload);
        p.AddWithValue("$created", e.CreatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$next", e.NextAttemptAt.ToUnixTimeMilliseconds());
    }

    public static OutboundWebhooks.WebhookEndpoint ReadEndpoint(Microsoft.Data.Sqlite.SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Url = r.GetString(1),
        Subscription = (OutboundWebhooks.WebhookSubscription)r.GetInt32(2),
        Enabled = r.GetInt64(3) != 0,
        ProtectedSecret = r.GetString(4),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        CreatedBy = r.GetString(6),
        DisabledReason = r.IsDBNull(7) ? null : r.GetString(7),
        FailingSince = r.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        ConsecutiveFailedEvents = r.GetInt32(9),
    };
}
