using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Messages;

/// <summary>
/// Callbacks arrive in any order and some arrive twice: every ordering of a realistic set of observations,
/// with duplicates sprinkled in, must end in the same message.
/// </summary>
public sealed class StatusTransitionOrderingTests
{
    private static readonly int[] Seeds = [1, 7, 42, 2024, 65537];

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        ["delivered"] = new(
            [new("queued", null), new("sending", null), new("sent", null), new("delivered", null)],
            MessageStatus.Delivered, null),
        ["undelivered"] = new(
            [new("queued", null), new("sending", null), new("sent", null), new("undelivered", 30003)],
            MessageStatus.Undelivered, 30003),
        ["failed"] = new(
            [new("queued", null), new("sending", null), new("failed", 30008)],
            MessageStatus.Failed, 30008),
    };

    public static TheoryData<string, int> ScenariosAndSeeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Scenarios.Keys)
        {
            foreach (var seed in Seeds)
            {
                data.Add(name, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenariosAndSeeds))]
    public void EveryArrivalOrderWithDuplicatesEndsInTheSameMessage(string scenarioName, int seed)
    {
        var scenario = Scenarios[scenarioName];
        var random = new Random(seed);
        var failures = new List<string>();
        var orderings = 0;

        foreach (var order in Permutations(Enumerable.Range(0, scenario.Observations.Length).ToList()))
        {
            var arrivals = WithDuplicates(order, random);
            var message = TestMessages.ApplyAll(TestMessages.New(), arrivals.Select((arrival, i) => ToEvent(scenario, arrival, i)));
            var description = string.Join(", ", arrivals.Select(a => scenario.Observations[a.Index].Status + (a.Kind == ArrivalKind.Original ? "" : $"({a.Kind})")));
            failures.AddRange(Check(scenario, arrivals, message).Select(problem => $"[{description}] {problem}"));
            orderings++;
        }

        Assert.Equal(Factorial(scenario.Observations.Length), orderings);
        Assert.Empty(failures);
    }

    private static IEnumerable<string> Check(Scenario scenario, List<Arrival> arrivals, Message message)
    {
        if (message.Status != scenario.FinalStatus)
        {
            yield return $"status {message.Status}, expected {scenario.FinalStatus}";
        }

        if (message.ErrorCode != scenario.ErrorCode)
        {
            yield return $"error code {message.ErrorCode}, expected {scenario.ErrorCode}";
        }

        var expectedSentAt = FirstArrivalAt(scenario, arrivals, "sent");
        if (message.SentAt != expectedSentAt)
        {
            yield return $"SentAt {message.SentAt}, expected {expectedSentAt}";
        }

        var expectedDeliveredAt = FirstArrivalAt(scenario, arrivals, "delivered");
        if (message.DeliveredAt != expectedDeliveredAt)
        {
            yield return $"DeliveredAt {message.DeliveredAt}, expected {expectedDeliveredAt}";
        }

        if (message.History.Count != arrivals.Count)
        {
            yield return $"{message.History.Count} history entries for {arrivals.Count} arrivals";
            yield break;
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < arrivals.Count; i++)
        {
            var recorded = message.History[i];
            var expectedStatus = scenario.Observations[arrivals[i].Index].Status;
            if (recorded.RawStatus != expectedStatus || recorded.ReceivedAt != ArrivalTime(i))
            {
                yield return $"history[{i}] is {recorded.RawStatus} at {recorded.ReceivedAt}, expected {expectedStatus} at {ArrivalTime(i)}";
            }

            var firstArrival = seen.Add(arrivals[i].Index);
            if (firstArrival && recorded.Outcome is not (StatusEventOutcome.Applied or StatusEventOutcome.Late))
            {
                yield return $"history[{i}] ({expectedStatus}, first arrival) is {recorded.Outcome}";
            }
            else if (!firstArrival && recorded.Outcome != StatusEventOutcome.Duplicate)
            {
                yield return $"history[{i}] ({expectedStatus}, repeated) is {recorded.Outcome}, expected Duplicate";
            }
        }
    }

    /// <summary>Inserts one to four copies of random observations at random places (possibly before their original).</summary>
    private static List<Arrival> WithDuplicates(IReadOnlyList<int> order, Random random)
    {
        var arrivals = order.Select(index => new Arrival(index, ArrivalKind.Original)).ToList();
        var copies = random.Next(1, 5);
        for (var c = 0; c < copies; c++)
        {
            // A retried callback repeats its idempotency token; a poll sees the same status without one.
            var kind = random.Next(2) == 0 ? ArrivalKind.Retry : ArrivalKind.Poll;
            arrivals.Insert(random.Next(arrivals.Count + 1), new Arrival(order[random.Next(order.Count)], kind));
        }

        return arrivals;
    }

    private static StatusEvent ToEvent(Scenario scenario, Arrival arrival, int position)
    {
        var observation = scenario.Observations[arrival.Index];
        return new StatusEvent
        {
            RawStatus = observation.Status,
            Source = arrival.Kind == ArrivalKind.Poll ? StatusEventSource.Poll : StatusEventSource.Callback,
            ReceivedAt = ArrivalTime(position),
            ErrorCode = observation.ErrorCode,
            ErrorMessage = observation.ErrorCode is null ? null : $"Twilio error {observation.ErrorCode}",
            IdempotencyToken = arrival.Kind == ArrivalKind.Poll ? null : $"callback-{arrival.Index}",
        };
    }

    private static DateTimeOffset ArrivalTime(int position) => TestMessages.BaseTime.AddSeconds(position + 1);

    private static DateTimeOffset? FirstArrivalAt(Scenario scenario, List<Arrival> arrivals, string status)
    {
        var position = arrivals.FindIndex(a => scenario.Observations[a.Index].Status == status);
        return position < 0 ? null : ArrivalTime(position);
    }

    private static IEnumerable<IReadOnlyList<int>> Permutations(List<int> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    private static int Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    private sealed record Observation(string Status, int? ErrorCode);

    private sealed record Scenario(Observation[] Observations, MessageStatus FinalStatus, int? ErrorCode);

    private enum ArrivalKind
    {
        Original,
        Retry,
        Poll,
    }

    private sealed record Arrival(int Index, ArrivalKind Kind);
}
