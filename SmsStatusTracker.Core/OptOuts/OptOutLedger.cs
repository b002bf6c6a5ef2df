using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.OptOuts;

/// <summary>
/// The opt-out ledger: who may not be texted, and why (each number's audit trail). Keywords and Twilio's 21610 change
/// it on their own; people change it only with <see cref="AppPermission.ManageOptOuts"/>, checked here, below any page.
/// Every send asks <see cref="EnsureMayTextAsync"/> before anything is stored or Twilio is called.
/// </summary>
public sealed class OptOutLedger(IOptOutStore store, ActorAuthorizer authorizer, IOptions<SmsOptions> sms, TimeProvider time, ILogger<OptOutLedger> logger)
{
    public const int TwilioUnsubscribedCode = 21610;

    /// <summary>Throws <see cref="RecipientOptedOutException"/> (and records the attempt as suppressed) when <paramref name="number"/> opted out.</summary>
    public async Task EnsureMayTextAsync(string number, ActingUser sender, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(number, cancellationToken) is not { OptedOut: true })
        {
            return;
        }

        await store.AppendAsync(NewEntry(number, OptOutAction.Suppressed, OptOutSource.Send, sender.Label, "Send refused before Twilio was called"), cancellationToken);
        logger.LogInformation("Refused a send to an opted-out number for {Sender}", sender.Label);
        throw new RecipientOptedOutException(number);
    }

    /// <summary>Applies an inbound message's keyword (if any); a retry of the same message changes nothing twice.</summary>
    public async Task ApplyInboundAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var (intent, keyword) = OptOutKeywords.Classify(message.Body);
        var action = intent switch
        {
            KeywordIntent.OptOut => OptOutAction.OptedOut,
            KeywordIntent.OptIn => OptOutAction.OptedIn,
            KeywordIntent.Help => OptOutAction.HelpRequested,
            _ => (OptOutAction?)null,
        };
        if (action is not { } changed)
        {
            return;
        }

        await store.AppendAsync(
            NewEntry(message.From, changed, OptOutSource.Keyword, message.From, keyword, DerivedId("inbound", message.Sid), message.ReceivedAt),
            cancellationToken);
    }

    /// <summary>Twilio refused or failed a message to <paramref name="number"/> with 21610 (the recipient unsubscribed at Twilio).
    /// <paramref name="reference"/> names the report (message id or SID), so a repeated report is one entry.</summary>
    public Task RecordTwilioUnsubscribedAsync(string number, string reference, CancellationToken cancellationToken) =>
        store.AppendAsync(
            NewEntry(number, OptOutAction.OptedOut, OptOutSource.Twilio21610, "Twilio", $"Twilio error {TwilioUnsubscribedCode} for {reference}", DerivedId("21610", reference)),
            cancellationToken);

    /// <summary>As <see cref="RecordTwilioUnsubscribedAsync"/>, for the send path: a ledger failure is logged, not thrown, as the send's own outcome is already stored.</summary>
    public async Task RecordRefusalAsync(string number, Guid messageId, int? errorCode)
    {
        if (errorCode != TwilioUnsubscribedCode)
        {
            return;
        }

        try
        {
            await RecordTwilioUnsubscribedAsync(number, messageId.ToString(), CancellationToken.None);
        }
        catch (StoreUnavailableException exception)
        {
            logger.LogWarning(exception, "Could not record the 21610 refusal of message {MessageId} in the opt-out ledger", messageId);
        }
    }

    /// <summary>An Admin opts <paramref name="numberAsTyped"/> out (or, with <paramref name="optOut"/> false, removes its opt-out); a reason is required.</summary>
    public async Task<OptOutNumber> ChangeManuallyAsync(string numberAsTyped, bool optOut, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageOptOuts, cancellationToken);
        var number = Normalize(numberAsTyped);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new SendSmsValidationException(new Dictionary<string, string[]> { ["reason"] = ["A reason is required."] });
        }

        var entry = NewEntry(number, optOut ? OptOutAction.OptedOut : OptOutAction.OptedIn, OptOutSource.Manual, admin.Label, reason.Trim());
        await store.AppendAsync(entry, cancellationToken);
        return await store.FindAsync(number, cancellationToken) ?? new OptOutNumber(number, optOut, entry.At, entry.Source);
    }

    /// <summary>Imports opt-outs (numbers as typed, each with an optional reason); returns the count imported and the rows refused, with why.</summary>
    public async Task<OptOutImportResult> ImportAsync(IReadOnlyList<(string Number, string? Reason)> rows, Actor actor, CancellationToken cancellationToken)
    {
        var admin = await authorizer.AuthorizeAsync(actor, AppPermission.ManageOptOuts, cancellationToken);
        var refused = new List<string>();
        var imported = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var parsed = RecipientParser.Parse(rows[i].Number, sms.Value.DefaultRegion);
            if (!parsed.IsValid)
            {
                refused.Add($"Row {i + 1}: {parsed.Error}");
                continue;
            }

            var reason = string.IsNullOrWhiteSpace(rows[i].Reason) ? "Imported" : rows[i].Reason!.Trim();
            await store.AppendAsync(NewEntry(parsed.E164!, OptOutAction.OptedOut, OptOutSource.Import, admin.Label, reason), cancellationToken);
            imported++;
        }

        return new OptOutImportResult(imported, refused);
    }

    /// <summary>Whether <paramref name="number"/> (E.164) is opted out now.</summary>
    public async Task<bool> IsOptedOutAsync(string number, CancellationToken cancellationToken) =>
        await store.FindAsync(number, cancellationToken) is { OptedOut: true };

    public Task<IReadOnlyList<OptOutEntry>> TrailAsync(string number, CancellationToken cancellationToken) => store.TrailAsync(number, cancellationToken);

    public Task<IReadOnlyList<OptOutNumber>> SearchAsync(string? contains, bool optedOutOnly, int limit, CancellationToken cancellationToken) =>
        store.SearchAsync(contains?.Trim(), optedOutOnly, limit, cancellationToken);

    private string Normalize(string numberAsTyped)
    {
        var parsed = RecipientParser.Parse(numberAsTyped, sms.Value.DefaultRegion);
        return parsed.E164 ?? throw new SendSmsValidationException(new Dictionary<string, string[]> { ["number"] = [parsed.Error!] });
    }

    private OptOutEntry NewEntry(string number, OptOutAction action, OptOutSource source, string actor, string? detail, Guid? id = null, DateTimeOffset? at = null)
    {
        var now = at ?? time.GetUtcNow();
        return new OptOutEntry { Id = id ?? Guid.CreateVersion7(now), Number = number, Action = action, Source = source, At = now, Actor = actor, Detail = detail };
    }

    private static Guid DerivedId(string kind, string reference)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{reference}"), hash);
        return new Guid(hash[..16]);
    }
}

/// <summary>What an import did: how many numbers were opted out, and each refused row with why.</summary>
public sealed record OptOutImportResult(int Imported, IReadOnlyList<string> Refused);
