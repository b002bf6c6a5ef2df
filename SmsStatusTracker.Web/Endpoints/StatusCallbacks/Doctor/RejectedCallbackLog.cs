namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

/// <summary>
/// The last <see cref="Capacity"/> rejected Twilio webhook posts of <b>this instance</b>, newest first, in memory. A
/// ring: adding is O(1) under a short lock and the oldest entry falls out, so a flood of forged posts costs a fixed
/// amount of memory and never touches the store. Kept per instance on purpose (see README "Webhook doctor"): a
/// rejection is a configuration problem every replica shares, so any replica's page shows it.
/// </summary>
public sealed class RejectedCallbackLog
{
    public const int Capacity = 200;
    public const int MaxValueLength = 300;

    private readonly RejectedCallback?[] ring = new RejectedCallback?[Capacity];
    private readonly Lock gate = new();
    private int next;
    private long total;

    /// <summary>Raised after an entry is added (outside the lock); the page refreshes on it.</summary>
    public event Action? Added;

    /// <summary>Rejections seen since this instance started, including those that fell out of the ring.</summary>
    public long Total => Interlocked.Read(ref total);

    public void Add(RejectedCallback rejection)
    {
        lock (gate)
        {
            ring[next] = rejection;
            next = (next + 1) % Capacity;
            total++;
        }

        Added?.Invoke();
    }

    public IReadOnlyList<RejectedCallback> Newest()
    {
        lock (gate)
        {
            var items = new List<RejectedCallback>(Capacity);
            for (var i = 1; i <= Capacity; i++)
            {
                if (ring[(next - i + Capacity) % Capacity] is { } entry)
                {
                    items.Add(entry);
                }
            }

            return items;
        }
    }

    public static string Cut(string value) => value.Length <= MaxValueLength ? value : value[..MaxValueLength] + "…";
}
