using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class TwilioErrorCatalogTests
{
    public static readonly TheoryData<int> RequiredCodes =
        [21211, 21408, 21608, 21610, 21612, 21614, 21635, 30003, 30004, 30005, 30006, 30007, 30008, 30024, 30034, 30500];

    [Theory]
    [MemberData(nameof(RequiredCodes))]
    public void EveryCommonSmsErrorIsExplainedWithWhatToDoAndTwiliosPage(int code)
    {
        var explanation = TwilioErrorCatalog.Explain(code);

        Assert.True(explanation.IsKnown);
        Assert.Equal(code, explanation.Code);
        Assert.False(string.IsNullOrWhiteSpace(explanation.Title));
        Assert.DoesNotContain(code.ToString(), explanation.Title);
        Assert.False(string.IsNullOrWhiteSpace(explanation.Explanation));
        Assert.False(string.IsNullOrWhiteSpace(explanation.WhatToDo));
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", explanation.DocsUrl.AbsoluteUri);
    }

    [Fact]
    public void EveryKnownCodeHasItsOwnTitle()
    {
        var titles = TwilioErrorCatalog.KnownCodes.Select(code => TwilioErrorCatalog.Explain(code).Title).ToArray();

        Assert.Equal(titles.Length, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void RecipientWhoSentStopIsToldNotToRetry()
    {
        var explanation = TwilioErrorCatalog.Explain(21610);

        Assert.Contains("STOP", explanation.Explanation);
        Assert.Contains("START", explanation.WhatToDo);
    }

    [Theory]
    [InlineData(12345)]
    [InlineData(0)]
    public void UnknownCodeGetsGenericTextThatNamesTheCodeAndStillLinksToTwilio(int code)
    {
        var explanation = TwilioErrorCatalog.Explain(code);

        Assert.False(explanation.IsKnown);
        Assert.Contains(code.ToString(), explanation.Title);
        Assert.False(string.IsNullOrWhiteSpace(explanation.WhatToDo));
        Assert.Equal(new Uri($"https://www.twilio.com/docs/errors/{code}"), explanation.DocsUrl);
    }
}
