using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>The settings alerts add (rules, <c>Alerts:*</c>, the simulator's chaos for each rule): refused with messages that name what to fix.</summary>
public sealed class AlertSettingsTests
{
    [Fact]
    public void AnEvaluationIntervalOutOfRangeFailsNamingItsKey()
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions { EvaluationInterval = TimeSpan.Zero });

        Assert.StartsWith("Alerts:EvaluationInterval must be between", Assert.Single(result.Failures!), StringComparison.Ordinal);
        Assert.True(new AlertOptionsValidator().Validate(null, new AlertOptions()).Succeeded);
    }

    [Fact]
    public void ARuleIsRefusedFieldByFieldWhenItCannotBeEvaluatedOrMailed()
    {
        var rule = AlertStoreContract.Rule("", AlertRuleKind.StuckMessages) with
        {
            Window = TimeSpan.FromSeconds(5),
            Threshold = -1,
            Age = null,
            Recipients = ["ops@example.com", "not an address"],
        };

        var errors = AlertRuleValidation.Validate(rule);

        Assert.Equal(["age", "name", "recipients", "threshold", "window"], errors.Keys.Order());
        Assert.Contains("'not an address' is not an email address.", errors["recipients"]);
        Assert.Empty(AlertRuleValidation.Validate(AlertStoreContract.Rule()));
        Assert.Equal("errorCode", Assert.Single(AlertRuleValidation.Validate(AlertStoreContract.Rule() with { ErrorCode = null })).Key);
        Assert.Equal(["a@example.com", "b@example.com"], AlertRuleValidation.ParseRecipients(" a@example.com; b@example.com,A@example.com\n"));
    }

    [Fact]
    public void TheSimulatorsChaosFailsAnyNumberWithTheChosenCode()
    {
        var steps = SimulatedOutcome.StepsFor("+15551234567", chaosFailure: 30007);

        Assert.Equal(new SimulatedStep(MessageStatus.Undelivered, 30007), steps[^1]);
        Assert.Equal(MessageStatus.Delivered, SimulatedOutcome.StepsFor("+15551234567")[^1].Status);
    }

    [Fact]
    public void BadChaosSettingsForAlertsFailNamingTheirKeys()
    {
        var result = new SimulatorSettingsValidator().Validate(null, new SimulatorSettings { FailureRate = 2, DeliveryDelay = TimeSpan.FromSeconds(-1), FailureErrorCode = 21211 });

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Twilio:Simulator:FailureRate ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Twilio:Simulator:DeliveryDelay ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Twilio:Simulator:FailureErrorCode ", f, StringComparison.Ordinal));
    }
}
