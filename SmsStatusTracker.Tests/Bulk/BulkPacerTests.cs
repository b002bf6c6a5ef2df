using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>The pacer's schedule on a fake clock: evenly spaced at the configured rate, per sender, with no catch-up burst.</summary>
public sealed class BulkPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(250)]
    public void SlotsAreSpacedExactlyOneOverTheRateApart(double perSecond)
    {
        var clock = new FakeTimeProvider(T0);
        var pacer = Pacer(perSecond, clock);

        var slots = Enumerable.Range(0, 1000).Select(_ => pacer.Reserve("+15005550006")).ToList();

        var measured = (slots.Count - 1) / (slots[^1] - slots[0]).TotalSeconds;
        Assert.Equal(T0, slots[0]);
        Assert.InRange(measured, perSecond * 0.999, perSecond * 1.001);
        var spacing = TimeSpan.FromSeconds(1 / perSecond).Ticks;
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).Ticks, spacing - 1, spacing + 1));
    }

    [Fact]
    public void EachSenderHasItsOwnPace()
    {
        var pacer = Pacer(2, new FakeTimeProvider(T0));

        pacer.Reserve("+15005550006");
        var second = pacer.Reserve("+15005550006");
        var other = pacer.Reserve("MG123");

        Assert.Equal(T0.AddMilliseconds(500), second);
        Assert.Equal(T0, other);
    }

    [Fact]
    public void AnIdleSenderStartsNowWithoutABurstForTheTimeItWasIdle()
    {
        var clock = new FakeTimeProvider(T0);
        var pacer = Pacer(10, clock);
        pacer.Reserve("s");

        clock.Advance(TimeSpan.FromMinutes(1));
        var afterIdle = pacer.Reserve("s");
        var next = pacer.Reserve("s");

        Assert.Equal(clock.GetUtcNow(), afterIdle);
        Assert.Equal(afterIdle.AddMilliseconds(100), next);
    }

    [Fact]
    public async Task WaitingForATurnReturnsOnlyWhenTheClockReachesTheSlot()
    {
        var clock = new FakeTimeProvider(T0);
        var pacer = Pacer(4, clock);
        await pacer.WaitForTurnAsync("s", TestContext.Current.CancellationToken);

        var waiting = pacer.WaitForTurnAsync("s", TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    private static BulkPacer Pacer(double perSecond, TimeProvider clock) =>
        new(Options.Create(new BulkOptions { MessagesPerSecond = perSecond }), clock);
}
