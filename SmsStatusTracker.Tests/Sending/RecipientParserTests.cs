using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Tests.Sending;

public sealed class RecipientParserTests
{
    [Theory]
    [InlineData("(415) 555-2671", "US", "+14155552671")]
    [InlineData("415.555.2671", "US", "+14155552671")]
    [InlineData("+1 415 555 2671", "GB", "+14155552671")]
    [InlineData("+86 138 0013 8000", "US", "+8613800138000")]
    [InlineData("+15005550006", "US", "+15005550006")]
    public void ANumberTypedNationallyOrInternationallyIsShownBackInE164(string typed, string region, string expected)
    {
        var parsed = RecipientParser.Parse(typed, region);

        Assert.True(parsed.IsValid, parsed.Error);
        Assert.Equal(expected, parsed.E164);
        Assert.StartsWith("+", parsed.International);
        Assert.Null(parsed.Error);
    }

    [Theory]
    [InlineData("", "Enter")]
    [InlineData("hello", "not a phone number")]
    [InlineData("+44 7700 900123", "not a valid phone number for GB")]
    [InlineData("020 7183 8750", "landline")]
    public void ANumberThatCannotReceiveSmsIsRefusedWithAReason(string typed, string reason)
    {
        var parsed = RecipientParser.Parse(typed, "GB");

        Assert.False(parsed.IsValid);
        Assert.Null(parsed.E164);
        Assert.Contains(reason, parsed.Error, StringComparison.OrdinalIgnoreCase);
    }
}
