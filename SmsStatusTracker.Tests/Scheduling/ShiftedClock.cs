namespace SmsStatusTracker.Tests.Scheduling;

/// <summary>
/// The system clock moved by <see cref="Shift"/>: timers and delays run in real time (so the app's loops keep turning),
/// while "now" can be set anywhere and jumped forward, so a send scheduled for an hour ahead is due a moment later.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long shiftTicks;

    public TimeSpan Shift => TimeSpan.FromTicks(Interlocked.Read(ref shiftTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;

    /// <summary>Makes "now" <paramref name="at"/>.</summary>
    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref shiftTicks, (at - base.GetUtcNow()).Ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);
}
