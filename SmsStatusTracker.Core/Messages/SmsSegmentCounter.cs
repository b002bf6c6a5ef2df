using System.Text;

namespace SmsStatusTracker.Core.Messages;

/// <summary>How an SMS body will be encoded and split into segments.</summary>
/// <param name="Units">GSM-7 septets or UCS-2 code units the body takes.</param>
/// <param name="CharactersForcingUcs2">Distinct characters that are not in the GSM-7 alphabet.</param>
public sealed record SmsSegmentInfo(SmsEncoding Encoding, int Segments, int Units, int UnitsPerSegment, IReadOnlyList<string> CharactersForcingUcs2);

/// <summary>
/// Counts segments the way carriers split concatenated SMS: GSM-7 160/153 septets (extension-table
/// characters take two and are never split), UCS-2 70/67 code units (surrogate pairs never split).
/// </summary>
public static class SmsSegmentCounter
{
    public const int MaxBodyLength = 1600;

    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Gsm7Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> Basic = [.. Gsm7Basic];
    private static readonly HashSet<char> Extension = [.. Gsm7Extension];

    public static SmsSegmentInfo Count(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var nonGsm = NonGsmCharacters(body);
        return nonGsm.Count == 0 ? CountGsm7(body) : CountUcs2(body, nonGsm);
    }

    private static List<string> NonGsmCharacters(string body)
    {
        var found = new List<string>();
        foreach (var rune in body.EnumerateRunes())
        {
            var isGsm = rune.IsBmp && (Basic.Contains((char)rune.Value) || Extension.Contains((char)rune.Value));
            var text = rune.ToString();
            if (!isGsm && !found.Contains(text))
            {
                found.Add(text);
            }
        }

        return found;
    }

    private static SmsSegmentInfo CountGsm7(string body)
    {
        var units = body.Sum(c => Extension.Contains(c) ? 2 : 1);
        if (units <= 160)
        {
            return new SmsSegmentInfo(SmsEncoding.Gsm7, units == 0 ? 0 : 1, units, 160, []);
        }

        var segments = Split(body.Select(c => Extension.Contains(c) ? 2 : 1), 153);
        return new SmsSegmentInfo(SmsEncoding.Gsm7, segments, units, 153, []);
    }

    private static SmsSegmentInfo CountUcs2(string body, List<string> nonGsm)
    {
        var units = body.Length;
        if (units <= 70)
        {
            return new SmsSegmentInfo(SmsEncoding.Ucs2, 1, units, 70, nonGsm);
        }

        var segments = Split(body.EnumerateRunes().Select(r => r.Utf16SequenceLength), 67);
        return new SmsSegmentInfo(SmsEncoding.Ucs2, segments, units, 67, nonGsm);
    }

    /// <summary>Packs indivisible items of the given widths into segments of <paramref name="capacity"/>.</summary>
    private static int Split(IEnumerable<int> widths, int capacity)
    {
        var segments = 1;
        var used = 0;
        foreach (var width in widths)
        {
            if (used + width > capacity)
            {
                segments++;
                used = 0;
            }

            used += width;
        }

        return segments;
    }
}
