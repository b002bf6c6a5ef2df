using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>
/// Each rule on a simulated surge, through the real paths: five messages a minute stored by the message store and
/// settled by the status recorder, normal for five minutes, bad for five, normal again for fifteen, with an evaluation
/// every minute by a new evaluator each time (its only memory is the store). Every rule fires exactly once during the
/// surge and resolves exactly once after it.
/// </summary>
public sealed class AlertSurgeTests : IAsyncLifetime
{
    private readonly AlertHarness harness = new();

    public ValueTask InitializeAsync() => new(harness.InitializeAsync());

    public ValueTask DisposeAsync() => harness.DisposeAsync();

    public static TheoryData<AlertRuleKind> Kinds => [.. Enum.GetValues<AlertRuleKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EachRuleFiresOnceDuringASurgeAndResolvesOnceAfterIt(AlertRuleKind kind)
    {
        var rule = RuleFor(kind);
        await harness.Alerts.SaveRuleAsync(rule, CancellationToken.None);
        var waiting = new List<string>();
        var passes = new List<(int Minute, AlertChange Change)>();

        for (var minute = 0; minute < 25; minute++)
        {
            var surge = minute is >= 5 and < 10;
            if (minute == 10)
            {
                // The surge is over: the callbacks that went missing or stalled finally arrive.
                foreach (var sid in waiting)
                {
                    await harness.CallbackAsync(sid, MessageStatus.Delivered);
                }
            }

            for (var i = 0; i < 5; i++)
            {
                var sid = await harness.SendAsync();
                await SettleAsync(kind, sid, surge && i < 3, waiting);
            }

            harness.Clock.Advance(TimeSpan.FromMinutes(1));
            foreach (var change in await harness.NewEvaluation().RunPassAsync(CancellationToken.None))
            {
                passes.Add((minute, change.Change));
            }
        }

        Assert.Equal([AlertChange.Fired, AlertChange.Resolved], harness.Notified.Kinds);
        Assert.InRange(passes[0].Minute, 5, 9);
        Assert.InRange(passes[1].Minute, 10, 24);
        var fired = harness.Notified.Changes[0];
        Assert.Equal(rule.Id, fired.Occurrence.RuleId);
        Assert.True(fired.Occurrence.Fired.Value > rule.Threshold, $"fired at {fired.Occurrence.Fired}");
        Assert.Equal(rule.Threshold, fired.Occurrence.Fired.Threshold);
        Assert.True(fired.Occurrence.Fired.Sample > 0);
        var resolved = harness.Notified.Changes[1];
        Assert.True(resolved.Occurrence.Resolved!.Value < rule.Threshold * AlertCondition.ResolveRatio || resolved.Occurrence.Resolved.Value == 0);
        Assert.Empty(await harness.Alerts.ListOpenAsync(CancellationToken.None));
        Assert.Single(await harness.Alerts.ListRecentAsync(10, CancellationToken.None));
    }

    private async Task SettleAsync(AlertRuleKind kind, string sid, bool bad, List<string> waiting)
    {
        if (!bad)
        {
            await harness.CallbackAsync(sid, MessageStatus.Sent, TimeSpan.FromSeconds(1));
            await harness.CallbackAsync(sid, MessageStatus.Delivered, TimeSpan.FromSeconds(2));
            return;
        }

        switch (kind)
        {
            case AlertRuleKind.FailureRate:
                await harness.CallbackAsync(sid, MessageStatus.Undelivered, TimeSpan.FromSeconds(2), errorCode: 30003);
                break;
            case AlertRuleKind.ErrorCode:
                await harness.CallbackAsync(sid, MessageStatus.Undelivered, TimeSpan.FromSeconds(2), errorCode: 30007);
                break;
            case AlertRuleKind.DeliveryTimeP95:
                await harness.CallbackAsync(sid, MessageStatus.Delivered, TimeSpan.FromSeconds(50));
                break;
            case AlertRuleKind.CallbacksMissing:
                waiting.Add(sid);
                break;
            case AlertRuleKind.StuckMessages:
                await harness.CallbackAsync(sid, MessageStatus.Sent, TimeSpan.FromSeconds(1));
                waiting.Add(sid);
                break;
        }
    }

    private static AlertRule RuleFor(AlertRuleKind kind) => new()
    {
        Id = Guid.NewGuid(),
        Name = $"{kind} surge",
        Kind = kind,
        Window = TimeSpan.FromMinutes(5),
        Threshold = kind switch
        {
            AlertRuleKind.FailureRate => 20,
            AlertRuleKind.DeliveryTimeP95 => 30,
            _ => 5,
        },
        MinimumSample = 10,
        ErrorCode = kind == AlertRuleKind.ErrorCode ? 30007 : null,
        Age = kind is AlertRuleKind.CallbacksMissing or AlertRuleKind.StuckMessages ? TimeSpan.FromMinutes(2) : null,
    };
}
