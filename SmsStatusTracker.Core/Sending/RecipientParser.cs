using PhoneNumbers;

namespace SmsStatusTracker.Core.Sending;

/// <summary>The outcome of reading a typed recipient: its E.164 form, or why it cannot receive SMS.</summary>
public sealed record ParsedRecipient(string? E164, string? International, string? Error)
{
    public bool IsValid => E164 is not null;
}

/// <summary>
/// Reads what an operator typed ("(415) 555-0123", "+44 7700 900123") with libphonenumber, assuming
/// <see cref="SmsOptions.DefaultRegion"/> for national numbers, and refuses numbers that cannot take SMS.
/// </summary>
public static class RecipientParser
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    // Landlines, premium and shared-cost lines cannot receive SMS (Twilio answers 21614 for them).
    private static readonly HashSet<PhoneNumberType> NotSmsCapable =
    [
        PhoneNumberType.FIXED_LINE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL, PhoneNumberType.TOLL_FREE,
    ];

    public static ParsedRecipient Parse(string? input, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return new(null, null, "Enter the recipient's phone number.");
        }

        PhoneNumber number;
        try
        {
            number = Phones.Parse(input.Trim(), defaultRegion.ToUpperInvariant());
        }
        catch (NumberParseException)
        {
            return new(null, null, "That is not a phone number. Use international form, e.g. +14155550123.");
        }

        if (!Phones.IsValidNumber(number))
        {
            var region = Phones.GetRegionCodeForNumber(number) ?? defaultRegion;
            return new(null, null, $"That is not a valid phone number for {region}. Check the digits and the country code.");
        }

        var type = Phones.GetNumberType(number);
        if (NotSmsCapable.Contains(type))
        {
            return new(null, null, $"That looks like a {Describe(type)} number, which cannot receive SMS. Use a mobile number.");
        }

        return new(Phones.Format(number, PhoneNumberFormat.E164), Phones.Format(number, PhoneNumberFormat.INTERNATIONAL), null);
    }

    private static string Describe(PhoneNumberType type) => type switch
    {
        PhoneNumberType.FIXED_LINE => "landline",
        PhoneNumberType.TOLL_FREE => "toll-free",
        PhoneNumberType.PREMIUM_RATE => "premium-rate",
        PhoneNumberType.SHARED_COST => "shared-cost",
        PhoneNumberType.VOICEMAIL => "voicemail",
        _ => "non-mobile",
    };
}
