using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Benchmarks;

// A realistic message log, deterministic for a seed: six months of traffic in creation order (with a few seconds of
// jitter, as concurrent sends land), 80 % delivered, failures with Twilio's common error codes, a long tail of
// recipients with a few hundred heavy ones, five senders, templated bodies with varying parts, and a status history.
internal static class LogData
{
    public static readonly DateTimeOffset End = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = End.AddDays(-180);

    public static readonly string[] Senders = ["+14155550100", "+14155550101", "+14155550102", "MG0b5f7c1e2d3a4b5c6d7e8f9a0b1c2d3e", "MG9f8e7d6c5b4a39281706f5e4d3c2b1a0"];
    private static readonly int[] SenderWeights = [50, 25, 10, 10, 5];

    private static readonly (MessageStatus Status, int Weight)[] Statuses =
    [
        (MessageStatus.Delivered, 800), (MessageStatus.Undelivered, 60), (MessageStatus.Failed, 40), (MessageStatus.Sent, 40),
        (MessageStatus.Read, 20), (MessageStatus.Queued, 10), (MessageStatus.Accepted, 8), (MessageStatus.Sending, 8),
        (MessageStatus.Canceled, 6), (MessageStatus.OutcomeUnknown, 5), (MessageStatus.Created, 3),
    ];

    private static readonly (int Code, int Weight)[] Errors = [(30003, 35), (30005, 20), (30006, 15), (30007, 15), (30008, 10), (21610, 5)];

    private static readonly string[] Names = ["Ana", "Ben", "Chloé", "Dmitri", "Emeka", "Fatima", "Grace", "Hiro", "Ines", "Jonas", "Kwame", "Lena", "Mateo", "Noor", "Olga", "Priya", "Quinn", "Rosa", "Sven", "Tariq"];
    private static readonly string[] Doctors = ["Patel", "Okafor", "Müller", "Nguyen", "García", "Kowalski", "Haddad", "Larsen"];

    public static string Recipient(Random random) => random.Next(100) < 20
        ? $"+1415{555_0000 + random.Next(500):D7}" // heavy users: a fifth of the traffic over 500 numbers
        : $"+1{random.Next(200, 990):D3}{random.Next(200, 999):D3}{random.Next(10_000):D4}";

    public static Message Create(int n, int count, Random random)
    {
        var span = (End - Start).TotalMilliseconds;
        var createdAt = Start.AddMilliseconds(span * n / count + random.Next(-3_000, 3_000));
        var status = Pick(random, Statuses);
        var errorCode = status is MessageStatus.Failed or MessageStatus.Undelivered ? Pick(random, Errors) : (int?)null;
        var sid = status is MessageStatus.Created or MessageStatus.OutcomeUnknown ? null : "SM" + RandomHex(random);
        var history = History(status, errorCode, createdAt, random);
        return new Message
        {
            Id = new Guid(RandomBytes(random)),
            Sid = sid,
            To = Recipient(random),
            From = Senders[PickIndex(random, SenderWeights)],
            Body = Body(random, createdAt),
            Segments = 1,
            Status = status,
            ErrorCode = errorCode,
            ErrorMessage = errorCode is { } code ? $"Twilio error {code}" : null,
            SentBy = random.Next(10) < 7 ? "ops@example.com" : "api:crm-integration",
            CreatedAt = createdAt,
            UpdatedAt = history.Count > 0 ? history[^1].ReceivedAt : createdAt,
            SentAt = history.Count > 1 ? history[1].ReceivedAt : null,
            DeliveredAt = status == MessageStatus.Delivered ? history[^1].ReceivedAt : null,
            History = history,
            Version = history.Count + 1,
        };
    }

    private static string Body(Random random, DateTimeOffset createdAt)
    {
        var name = Names[random.Next(Names.Length)];
        return random.Next(100) switch
        {
            < 40 => $"Your verification code is {random.Next(1_000_000):D6}. It expires in 10 minutes.",
            < 65 => $"Hi {name}, your order #{random.Next(100_000):D5} has shipped and arrives {createdAt.AddDays(random.Next(1, 5)):dddd}.",
            < 80 => $"Reminder: your appointment with Dr. {Doctors[random.Next(Doctors.Length)]} is on {createdAt.AddDays(random.Next(1, 14)):MMM d} at {random.Next(8, 18)}:{(random.Next(2) == 0 ? "00" : "30")}. Reply C to confirm.",
            < 95 => $"{name}, {random.Next(1, 6) * 10}% off everything this weekend only! Reply STOP to opt out.",
            _ => $"Your package {RandomHex(random)[..12].ToUpperInvariant()} is out for delivery.",
        };
    }

    private static List<StatusEvent> History(MessageStatus final, int? errorCode, DateTimeOffset createdAt, Random random)
    {
        var steps = final switch
        {
            MessageStatus.Created or MessageStatus.OutcomeUnknown => [],
            MessageStatus.Accepted or MessageStatus.Queued or MessageStatus.Canceled => new[] { "queued" },
            MessageStatus.Sending => ["queued", "sending"],
            MessageStatus.Sent => ["queued", "sent"],
            MessageStatus.Failed => ["queued", "failed"],
            _ => ["queued", "sent", final.ToWireName()],
        };
        var at = createdAt;
        return steps.Select((raw, i) =>
        {
            at = at.AddMilliseconds(random.Next(200, 4_000));
            return new StatusEvent
            {
                RawStatus = raw,
                Source = i == 0 ? StatusEventSource.SendResponse : StatusEventSource.Callback,
                ReceivedAt = at,
                ErrorCode = i == steps.Length - 1 ? errorCode : null,
            };
        }).ToList();
    }

    private static T Pick<T>(Random random, (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private static int PickIndex(Random random, int[] weights) => Pick(random, weights.Select((w, i) => (i, w)).ToArray());

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomHex(Random random) => Convert.ToHexStringLower(RandomBytes(random));
}
