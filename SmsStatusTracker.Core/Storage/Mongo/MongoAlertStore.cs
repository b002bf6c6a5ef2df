using MongoDB.Driver;
using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Alert rules and occurrences in two collections. One open occurrence per rule is a unique partial index
/// (<see cref="MongoIndexes.AlertOccurrences"/>), so opening is one insert that a second evaluator's duplicate fails;
/// resolving is one conditional update of the open one.
/// </summary>
public sealed class MongoAlertStore(IMongoClient client, MongoStoreOptions options) : IAlertStore
{
    public const string RulesCollection = "alert_rules";
    public const string OccurrencesCollection = "alert_occurrences";

    private readonly IMongoCollection<AlertRuleDocument> rules = options.Database(client).GetCollection<AlertRuleDocument>(RulesCollection);
    private readonly IMongoCollection<AlertOccurrenceDocument> occurrences = options.Database(client).GetCollection<AlertOccurrenceDocument>(OccurrencesCollection);
    private readonly SemaphoreSlim indexGate = new(1, 1);
    private volatile bool indexed;

    public Task<IReadOnlyList<AlertRule>> ListRulesAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<AlertRule>>(async () => (await rules.Find(FilterDefinition<AlertRuleDocument>.Empty).ToListAsync(cancellationToken)).Select(d => d.ToRule()).ToList());

    public Task<AlertRule?> FindRuleAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(async () => (await rules.Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToRule());

    public Task SaveRuleAsync(AlertRule rule, CancellationToken cancellationToken) =>
        RunAsync(async () => await rules.ReplaceOneAsync(d => d.Id == rule.Id, AlertRuleDocument.From(rule), new ReplaceOptions { IsUpsert = true }, cancellationToken));

    public Task<bool> DeleteRuleAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(async () => (await rules.DeleteOneAsync(d => d.Id == id, cancellationToken)).DeletedCount == 1);

    public Task<bool> TryOpenAsync(AlertOccurrence occurrence, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await EnsureIndexesAsync(cancellationToken);
            try
            {
                await occurrences.InsertOneAsync(AlertOccurrenceDocument.From(occurrence with { ResolvedAt = null, Resolved = null }), cancellationToken: cancellationToken);
                return true;
            }
            catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                return false;
            }
        });

    public Task<AlertOccurrence?> ResolveAsync(Guid ruleId, DateTimeOffset at, AlertMeasurement? measurement, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var update = Builders<AlertOccurrenceDocument>.Update
                .Set(d => d.Open, false)
                .Set(d => d.ResolvedAt, at.UtcDateTime)
                .Set(d => d.Resolved, measurement is null ? null : AlertMeasurementDocument.From(measurement));
            var resolved = await occurrences.FindOneAndUpdateAsync<AlertOccurrenceDocument>(
                d => d.RuleId == ruleId && d.Open,
                update,
                new FindOneAndUpdateOptions<AlertOccurrenceDocument> { ReturnDocument = ReturnDocument.After },
                cancellationToken);
            return resolved?.ToOccurrence();
        });

    public Task<IReadOnlyList<AlertOccurrence>> ListOpenAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<AlertOccurrence>>(async () =>
            (await occurrences.Find(d => d.Open).SortByDescending(d => d.FiredAt).ToListAsync(cancellationToken)).Select(d => d.ToOccurrence()).ToList());

    public Task<IReadOnlyList<AlertOccurrence>> ListRecentAsync(int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<AlertOccurrence>>(async () =>
            (await occurrences.Find(FilterDefinition<AlertOccurrenceDocument>.Empty).SortByDescending(d => d.FiredAt).Limit(Math.Max(1, limit)).ToListAsync(cancellationToken))
            .Select(d => d.ToOccurrence()).ToList());

    private async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (indexed)
        {
            return;
        }

        await indexGate.WaitAsync(cancellationToken);
        try
        {
            if (!indexed)
            {
                await occurrences.Indexes.CreateManyAsync(MongoIndexes.AlertOccurrences, cancellationToken);
                indexed = true;
            }
        }
        finally
        {
            indexGate.Release();
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception) && !MongoErrors.IsDuplicateKey(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not read or write the alerts ({exception.GetType().Name}).", exception);
        }
    }

    private Task RunAsync(Func<Task> operation) => RunAsync(async () =>
    {
        await operation();
        return 0;
    });
}
