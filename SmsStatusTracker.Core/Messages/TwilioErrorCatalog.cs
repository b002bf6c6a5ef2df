namespace SmsStatusTracker.Core.Messages;

/// <summary>A Twilio error code explained for the people reading the message log, not for the API.</summary>
/// <param name="Code">Twilio's error code (21211, 30003, …).</param>
/// <param name="Title">A few words naming the problem.</param>
/// <param name="Explanation">What happened, in plain words.</param>
/// <param name="WhatToDo">What the reader can do about it.</param>
/// <param name="DocsUrl">Twilio's own page for the code.</param>
/// <param name="IsKnown">False when the code is not in the catalog and the text is generic.</param>
/// <param name="IsPermanent">True when sending the same text to the same number again cannot work or must not be done
/// (the recipient opted out, the number is invalid or a landline, the carrier blocks or filters it).</param>
public sealed record TwilioErrorExplanation(int Code, string Title, string Explanation, string WhatToDo, Uri DocsUrl, bool IsKnown, bool IsPermanent = false);

/// <summary>
/// Plain-words explanations of the Twilio errors an SMS sender meets most: refusals at send time (21xxx) and
/// carrier outcomes reported by callbacks (30xxx). Unknown codes get generic text and still link to Twilio's page.
/// </summary>
public static class TwilioErrorCatalog
{
    private static readonly Dictionary<int, (string Title, string Explanation, string WhatToDo)> Entries = new()
    {
        [21211] = (
            "Invalid 'To' number",
            "Twilio could not read the recipient as a phone number, so nothing was sent.",
            "Check the number for typos and write it in international form with the country code, e.g. +14155550123."),
        [21408] = (
            "Country not enabled",
            "Your Twilio account is not allowed to send SMS to the recipient's country, so Twilio refused the message.",
            "Enable the country under Messaging › Settings › Geo permissions in the Twilio Console, then send again."),
        [21608] = (
            "Recipient not verified (trial account)",
            "Trial accounts may only text numbers that were verified in the Twilio Console; this number was not.",
            "Verify the recipient's number in the Console, or upgrade the account to text anyone."),
        [21610] = (
            "Recipient unsubscribed",
            "The recipient replied STOP to this sender, so Twilio blocks every message to them from it.",
            "Do not retry. Only the recipient can opt back in, by texting START to the sending number."),
        [21612] = (
            "Cannot route between these numbers",
            "Twilio cannot deliver from this sender to this recipient, for example because the sending number cannot text that country or network.",
            "Check that the sending number can text the recipient's country, or send from another number or a Messaging Service."),
        [21614] = (
            "Not a mobile number",
            "The recipient's number cannot receive text messages; it is usually a landline.",
            "Ask the recipient for a mobile number."),
        [21635] = (
            "Recipient is a landline",
            "The recipient's number is a landline, and Twilio does not try SMS delivery to landlines in that country.",
            "Ask for a mobile number, and check numbers before sending (Twilio's Lookup API tells the line type)."),
        [30003] = (
            "Phone unreachable",
            "The carrier could not reach the recipient's phone: it may be switched off, out of coverage or roaming without SMS.",
            "Send again later. If it keeps happening, confirm with the recipient that the phone is on and receives texts."),
        [30004] = (
            "Message blocked",
            "The recipient's carrier or the recipient blocked this message, for example by blocking the sender or short codes.",
            "Do not resend blindly. Ask the recipient to check their blocking settings, or reach them another way."),
        [30005] = (
            "Unknown number",
            "The carrier says the number does not exist or is no longer in service.",
            "Confirm the number with the recipient; remove it from your lists if it is no longer theirs."),
        [30006] = (
            "Landline or unreachable carrier",
            "The number is a landline, or its carrier cannot be reached for SMS.",
            "Ask the recipient for a mobile number; resending to the same number will fail again."),
        [30007] = (
            "Filtered by the carrier",
            "The carrier filtered the message as likely spam or not allowed, often because of its content, links or an unregistered sender.",
            "Review the wording and links, make sure the sender is registered (A2P 10DLC, toll-free verification), then send again."),
        [30008] = (
            "Unknown delivery error",
            "The carrier reported a failure without saying why.",
            "Send again later. If it repeats, collect the message SIDs and contact Twilio support."),
        [30024] = (
            "Sender not provisioned with the carrier",
            "The destination requires the sending number to be registered and provisioned with its carriers, and this one is not (yet).",
            "Check the sender's registration status; a newly registered number can take a while to be provisioned everywhere."),
        [30034] = (
            "Unregistered US number",
            "US carriers block messages from a 10-digit long code that is not registered to an approved A2P 10DLC campaign.",
            "Register the sending number (brand and campaign) in the Twilio Console, or send from a registered Messaging Service."),
        [30500] = (
            "Delivery failed downstream",
            "Twilio reports that the message failed after it left Twilio, further along the delivery route.",
            "Open Twilio's page for this code for the exact causes; send again later, and contact Twilio support with the SID if it repeats."),
    };

    /// <summary>
    /// Codes for which the same text to the same number fails again or must not be sent (21610: the recipient replied
    /// STOP, so resending is a compliance breach). Every other code may be worth a retry.
    /// </summary>
    private static readonly HashSet<int> Permanent = [21211, 21610, 21614, 21635, 30004, 30005, 30006, 30007];

    /// <summary>The codes the catalog explains.</summary>
    public static IReadOnlyCollection<int> KnownCodes => Entries.Keys;

    public static Uri DocsUrl(int code) => new($"https://www.twilio.com/docs/errors/{code}");

    public static TwilioErrorExplanation Explain(int code) =>
        Entries.TryGetValue(code, out var entry)
            ? new TwilioErrorExplanation(code, entry.Title, entry.Explanation, entry.WhatToDo, DocsUrl(code), IsKnown: true, IsPermanent: Permanent.Contains(code))
            : new TwilioErrorExplanation(
                code,
                $"Twilio error {code}",
                "Twilio reported this error for the message; it has no explanation here yet.",
                "Open Twilio's page for the code to see its causes and fixes.",
                DocsUrl(code),
                IsKnown: false);
}
