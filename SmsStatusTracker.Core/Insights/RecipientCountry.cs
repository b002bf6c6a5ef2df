using System.Collections.Concurrent;
using PhoneNumbers;

namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// The recipient's country for insights: the ISO region libphonenumber assigns to the number (<c>US</c>, <c>GB</c>), or,
/// for a number it cannot place in one region, its calling code (<c>+1</c>); <c>unknown</c> when it is not a number.
/// Answers are remembered (a bounded cache): every status change of a message asks again, on the store's single writer,
/// and a libphonenumber parse costs more than the rest of that message's rollup arithmetic.
/// </summary>
public static class RecipientCountry
{
    public const string Unknown = "unknown";

    private const int Remembered = 50_000;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    public static string Of(string to)
    {
        if (Known.TryGetValue(to, out var known))
        {
            return known;
        }

        if (Known.Count >= Remembered)
        {
            Known.Clear();
        }

        return Known[to] = Parse(to);
    }

    private static string Parse(string to)
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
