using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Sending;

/// <summary>
/// Whether a message may be sent again (same text, same number, linked to it): only one that failed or was not
/// delivered, and not for an error where a resend cannot work or must not be done (<see cref="TwilioErrorExplanation.IsPermanent"/>).
/// The page offers the button by this rule; <see cref="SmsSender"/> enforces it.
/// </summary>
public static class ResendRule
{
    /// <summary>Null when <paramref name="original"/> may be sent again; otherwise why not, in words for the person.</summary>
    public static string? WhyNot(Message original)
    {
        if (original.Status is not (MessageStatus.Failed or MessageStatus.Undelivered))
        {
            return "Only a message that failed or was not delivered can be sent again.";
        }

        if (original.ErrorCode is { } code && TwilioErrorCatalog.Explain(code) is { IsPermanent: true } error)
        {
            return $"Sending again cannot help here ({code}: {error.Title}). {error.WhatToDo}";
        }

        return null;
    }
}
