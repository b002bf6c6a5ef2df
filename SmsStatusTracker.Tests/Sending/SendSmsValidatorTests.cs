using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Tests.Sending;

public sealed class SendSmsValidatorTests
{
    private const string ValidTo = "+14155550123";
    private const string ValidBody = "Your code is 1234";

    [Theory]
    [InlineData("+14155550123")]
    [InlineData("+447700900123")]
    [InlineData("+4915112345")]
    public void AValidRequestHasNoErrors(string to)
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(to, ValidBody));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingRecipientIsAnErrorUnderTo(string to)
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(to, ValidBody));

        Assert.Equal(["to"], errors.Keys);
        Assert.NotEmpty(Assert.Single(errors["to"]));
    }

    [Theory]
    [InlineData("4155550123")]
    [InlineData("+0155550123")]
    [InlineData("+1 415 555 0123")]
    [InlineData("+1-415-555-0123")]
    [InlineData("+12345")]
    [InlineData("+1234567890123456")]
    [InlineData("+1415555012a")]
    [InlineData("whatsapp:+14155550123")]
    [InlineData(" +14155550123")]
    public void ARecipientNotInE164FormIsAnErrorUnderTo(string to)
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(to, ValidBody));

        Assert.Equal(["to"], errors.Keys);
        Assert.Contains("E.164", Assert.Single(errors["to"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void AnEmptyBodyIsAnErrorUnderBody(string body)
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(ValidTo, body));

        Assert.Equal(["body"], errors.Keys);
        Assert.NotEmpty(Assert.Single(errors["body"]));
    }

    [Fact]
    public void ABodyOfSixteenHundredCharactersIsAccepted()
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(ValidTo, new string('a', 1600)));

        Assert.Empty(errors);
    }

    [Fact]
    public void ABodyOverSixteenHundredCharactersIsAnErrorUnderBodyThatSaysHowLongItIs()
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(ValidTo, new string('a', 1601)));

        Assert.Equal(["body"], errors.Keys);
        var message = Assert.Single(errors["body"]);
        Assert.Contains("1601", message);
        Assert.Contains("1600", message);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest("not a number", ""));

        Assert.Equal(["body", "to"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("before\0after")]
    [InlineData("bell\u0007")]
    [InlineData("\u001bescape")]
    [InlineData("delete\u007f")]
    [InlineData("c1 control\u0085")]
    public void AControlCharacterInTheBodyIsAnErrorUnderBody(string body)
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(ValidTo, body));

        Assert.Equal(["body"], errors.Keys);
        Assert.Contains("control character", Assert.Single(errors["body"]), StringComparison.Ordinal);
    }

    [Fact]
    public void LineBreaksAndTabsAreAllowedInTheBody()
    {
        var errors = SendSmsValidator.Validate(new SendSmsRequest(ValidTo, "line one\r\nline two\n\tindented"));

        Assert.Empty(errors);
    }
}
