using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class SmsSegmentCounterTests
{
    private const string Emoji = "😀";

    [Fact]
    public void AnEmptyBodyTakesNoSegments()
    {
        var info = SmsSegmentCounter.Count("");

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(0, info.Segments);
        Assert.Equal(0, info.Units);
        Assert.Empty(info.CharactersForcingUcs2);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void PlainGsm7TextFitsOneHundredSixtyCharactersOrOneHundredFiftyThreePerPart(int length, int segments)
    {
        var info = SmsSegmentCounter.Count(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(segments, info.Segments);
        Assert.Equal(length, info.Units);
    }

    [Fact]
    public void TheWholeGsm7AlphabetStaysGsm7()
    {
        const string body = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ÄÖÑÜ§¿äöñüà\r\n";

        var info = SmsSegmentCounter.Count(body);

        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal(body.Length, info.Units);
    }

    [Theory]
    [InlineData('€')]
    [InlineData('^')]
    [InlineData('{')]
    [InlineData('}')]
    [InlineData('[')]
    [InlineData(']')]
    [InlineData('~')]
    [InlineData('|')]
    [InlineData('\\')]
    [InlineData('\f')]
    public void AnExtensionCharacterCountsTwice(char extension)
    {
        var fits = SmsSegmentCounter.Count(new string('a', 158) + extension);
        var overflows = SmsSegmentCounter.Count(new string('a', 159) + extension);

        Assert.Equal(SmsEncoding.Gsm7, fits.Encoding);
        Assert.Equal(160, fits.Units);
        Assert.Equal(1, fits.Segments);
        Assert.Equal(161, overflows.Units);
        Assert.Equal(2, overflows.Segments);
    }

    [Fact]
    public void EightyEuroSignsFillExactlyOneSegment()
    {
        Assert.Equal(1, SmsSegmentCounter.Count(new string('€', 80)).Segments);
        Assert.Equal(2, SmsSegmentCounter.Count(new string('€', 81)).Segments);
    }

    [Theory]
    [InlineData('€')]
    [InlineData('\f')]
    public void AnExtensionCharacterIsNeverSplitAcrossTheOneHundredFiftyThreeBoundary(char extension)
    {
        // 152 + 2 + 152 = 306 septets, which would fit two parts if the escape could sit at the end of part one.
        var body = new string('a', 152) + extension + new string('a', 152);

        var info = SmsSegmentCounter.Count(body);

        Assert.Equal(306, info.Units);
        Assert.Equal(3, info.Segments);
    }

    [Fact]
    public void AnExtensionCharacterThatEndsExactlyOnTheBoundaryStaysInItsPart()
    {
        var body = new string('a', 151) + '€' + new string('a', 153);

        var info = SmsSegmentCounter.Count(body);

        Assert.Equal(306, info.Units);
        Assert.Equal(2, info.Segments);
    }

    [Theory]
    [InlineData("ł")]
    [InlineData(Emoji)]
    [InlineData("ç")]
    [InlineData("—")]
    public void ASingleNonGsmCharacterSwitchesToUcs2AndIsNamed(string character)
    {
        var info = SmsSegmentCounter.Count("Hello " + character + " there");

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal([character], info.CharactersForcingUcs2);
    }

    [Fact]
    public void EachNonGsmCharacterIsNamedOnceInOrderOfAppearance()
    {
        var info = SmsSegmentCounter.Count("Zażółć 😀 gęślą 😀");

        Assert.Equal(["ż", "ó", "ł", "ć", Emoji, "ę", "ś", "ą"], info.CharactersForcingUcs2);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2TextFitsSeventyUnitsOrSixtySevenPerPart(int length, int segments)
    {
        var info = SmsSegmentCounter.Count(new string('ł', length));

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(length, info.Units);
        Assert.Equal(segments, info.Segments);
    }

    [Fact]
    public void AnEmojiCountsAsTwoUnits()
    {
        Assert.Equal(70, SmsSegmentCounter.Count(string.Concat(Enumerable.Repeat(Emoji, 35))).Units);
        Assert.Equal(1, SmsSegmentCounter.Count(string.Concat(Enumerable.Repeat(Emoji, 35))).Segments);
        Assert.Equal(2, SmsSegmentCounter.Count(string.Concat(Enumerable.Repeat(Emoji, 35)) + "a").Segments);
    }

    [Fact]
    public void AnEmojiIsNeverSplitAcrossTheSixtySevenBoundary()
    {
        // 66 + 2 + 66 = 134 units, which would fit two parts if the surrogate pair could be cut in half.
        var body = new string('a', 66) + Emoji + new string('a', 66);

        var info = SmsSegmentCounter.Count(body);

        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal(134, info.Units);
        Assert.Equal(3, info.Segments);
    }

    [Fact]
    public void AnEmojiThatEndsExactlyOnTheBoundaryStaysInItsPart()
    {
        var body = new string('a', 65) + Emoji + new string('a', 67);

        Assert.Equal(2, SmsSegmentCounter.Count(body).Segments);
    }

    [Fact]
    public void ANullBodyIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => SmsSegmentCounter.Count(null!));
    }
}
