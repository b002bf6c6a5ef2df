using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Tests.OptOuts;

public sealed class OptOutKeywordsTests
{
    [Theory]
    [InlineData("STOP", KeywordIntent.OptOut)]
    [InlineData("stopall", KeywordIntent.OptOut)]
    [InlineData(" Unsubscribe ", KeywordIntent.OptOut)]
    [InlineData("cancel", KeywordIntent.OptOut)]
    [InlineData("END", KeywordIntent.OptOut)]
    [InlineData("quit\n", KeywordIntent.OptOut)]
    [InlineData("Revoke", KeywordIntent.OptOut)]
    [InlineData("OPTOUT", KeywordIntent.OptOut)]
    [InlineData("start", KeywordIntent.OptIn)]
    [InlineData("UNSTOP", KeywordIntent.OptIn)]
    [InlineData("Yes", KeywordIntent.OptIn)]
    [InlineData("help", KeywordIntent.Help)]
    [InlineData("stop please", KeywordIntent.None)]
    [InlineData("STOP!", KeywordIntent.None)]
    [InlineData("", KeywordIntent.None)]
    [InlineData("yes, see you at 3", KeywordIntent.None)]
    public void TheWholeTrimmedMessageDecidesWithoutRegardToCase(string body, KeywordIntent expected)
    {
        Assert.Equal(expected, OptOutKeywords.Classify(body).Intent);
    }
}
