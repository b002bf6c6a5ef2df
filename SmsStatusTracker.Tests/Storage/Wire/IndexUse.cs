using MongoDB.Bson;

namespace SmsStatusTracker.Tests.Storage.Wire;

/// <summary>
/// What MongoDB's planner needs before it may use an index, checked on rendered commands: a partial index only when
/// the query implies its partialFilterExpression (the server's <c>expression_algo</c> proves this per conjunct, so
/// the query must repeat each condition), a sort only when it is a prefix-compatible run of the index's keys.
/// </summary>
public static class IndexUse
{
    /// <summary>Every condition of <paramref name="partialFilter"/> appears among the filter's top-level conjuncts.</summary>
    public static bool Implies(BsonDocument filter, BsonDocument partialFilter)
    {
        var have = Conditions(filter);
        return Conditions(partialFilter).All(condition => have.Contains(condition));
    }

    /// <summary>The createIndexes command's index named <paramref name="name"/>.</summary>
    public static BsonDocument Index(IEnumerable<BsonDocument> createIndexesCommands, string name) =>
        createIndexesCommands.SelectMany(command => command["indexes"].AsBsonArray.Select(index => index.AsBsonDocument))
            .Single(index => index["name"] == name);

    // Conditions as "field op value" strings: {a: 1} is a $eq, {a: {$type: 2, $gt: 0}} two, $and flattened.
    private static HashSet<string> Conditions(BsonDocument filter)
    {
        var conditions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in filter)
        {
            if (element.Name == "$and")
            {
                foreach (var conjunct in element.Value.AsBsonArray)
                {
                    conditions.UnionWith(Conditions(conjunct.AsBsonDocument));
                }
            }
            else if (element.Value is BsonDocument operators && operators.ElementCount > 0 && operators.GetElement(0).Name.StartsWith('$'))
            {
                conditions.UnionWith(operators.Select(op => $"{element.Name} {op.Name} {Canonical(op.Name, op.Value)}"));
            }
            else
            {
                conditions.Add($"{element.Name} $eq {element.Value.ToJson()}");
            }
        }

        return conditions;
    }

    // $type accepts a number or an alias; compare them as the alias.
    private static string Canonical(string op, BsonValue value) =>
        op == "$type" && value.IsNumeric ? ((BsonType)value.ToInt32()).ToString().ToLowerInvariant() : value.ToJson().Trim('"').ToLowerInvariant();
}
