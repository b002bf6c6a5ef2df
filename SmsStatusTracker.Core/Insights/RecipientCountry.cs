using PhoneNumbers;

namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// The recipient's country for insights: the ISO region libphonenumber assigns to the number (<c>US</c>, <c>GB</c>), or,
/// for a number it cannot place in one region, its calling code (<c>+1</c>); <c>unknown</c> when it is not a number.
/// </summary>
public static class RecipientCountry
{
    public const string Unknown = "unknown";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string Of(string to)
    {
        try
        {
            var number = Phones.Parse(to, "ZZ");
            return Phones.GetRegionCodeForNumber(number) is { Length: 2 } region && region != "ZZ"
                ? region
                : number.CountryCode > 0 ? "+" + number.CountryCode : Unknown;
        }
        catch (NumberParseException)
        {
            return Unknown;
        }
    }
}
