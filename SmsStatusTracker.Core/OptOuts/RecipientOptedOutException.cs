using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Core.OptOuts;

/// <summary>
/// The recipient opted out: nothing was stored or sent, and the attempt is in the ledger as suppressed. A form shows
/// it like a validation error on the number; an HTTP API answers 422 with <see cref="Code"/>.
/// </summary>
public sealed class RecipientOptedOutException(string number)
    : SendSmsValidationException(new Dictionary<string, string[]>
    {
        ["to"] = [$"{number} has opted out of messages (replied STOP or was unsubscribed); nothing was sent. An Admin can review it under Opt-outs."],
    })
{
    public const string Code = "recipient_opted_out";

    public string Number { get; } = number;
}
