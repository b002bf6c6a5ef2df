using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Tests.Twilio;

public sealed class TwilioOptionsValidatorTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";

    private static TwilioOptions CompleteLive() => new()
    {
        Mode = TwilioMode.Live,
        AccountSid = AccountSid,
        AuthToken = "a-real-looking-auth-token",
        From = "+15017122661",
        PublicBaseUrl = "https://abc123.ngrok.app",
    };

    [Fact]
    public void SimulatorModeWithNothingSetIsValid()
    {
        var result = Validate(new TwilioOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ACompleteLiveConfigurationIsValid()
    {
        var result = Validate(CompleteLive());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void LiveModeMaySendThroughAMessagingServiceInsteadOfAFromNumber()
    {
        var options = CompleteLive();
        options.From = null;
        options.MessagingServiceSid = MessagingServiceSid;

        var result = Validate(options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void LiveModeWithNothingSetNamesEveryMissingKey()
    {
        var result = Validate(new TwilioOptions { Mode = TwilioMode.Live });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Twilio:AccountSid ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Twilio:AuthToken ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Twilio:From ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Twilio:PublicBaseUrl ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AccountSid")]
    [InlineData("AuthToken")]
    [InlineData("From")]
    [InlineData("PublicBaseUrl")]
    public void LiveModeMissingOneKeyFailsNamingOnlyThatKey(string key)
    {
        var options = CompleteLive();
        typeof(TwilioOptions).GetProperty(key)!.SetValue(options, null);

        var result = Validate(options);

        Assert.StartsWith($"Twilio:{key} ", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("AccountSid")]
    [InlineData("AuthToken")]
    [InlineData("From")]
    [InlineData("PublicBaseUrl")]
    public void LiveModeTreatsAWhitespaceValueAsMissing(string key)
    {
        var options = CompleteLive();
        typeof(TwilioOptions).GetProperty(key)!.SetValue(options, "  ");

        var result = Validate(options);

        Assert.Contains(result.Failures!, f => f.StartsWith($"Twilio:{key} ", StringComparison.Ordinal) && f.Contains("required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AC0123")]
    [InlineData("AC0123456789abcdef0123456789abcdeg")]
    [InlineData("AC0123456789abcdef0123456789abcdef0")]
    [InlineData("SK0123456789abcdef0123456789abcdef")]
    public void AMalformedAccountSidFails(string accountSid)
    {
        var options = CompleteLive();
        options.AccountSid = accountSid;

        var result = Validate(options);

        Assert.StartsWith("Twilio:AccountSid ", Assert.Single(result.Failures!));
    }

    [Fact]
    public void SurroundingWhitespaceFromConfigurationIsTrimmedAway()
    {
        var options = CompleteLive();
        options.AccountSid = "  " + options.AccountSid + " ";

        Assert.True(Validate(options).Succeeded);
        Assert.DoesNotContain(' ', options.AccountSid);
    }

    [Fact]
    public void AMalformedAccountSidFailsInSimulatorModeToo()
    {
        var result = Validate(new TwilioOptions { AccountSid = "not-a-sid" });

        Assert.StartsWith("Twilio:AccountSid ", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("5017122661")]
    [InlineData("+1 501 712 2661")]
    [InlineData("+05017122661")]
    [InlineData("MyCompany")]
    public void AMalformedFromNumberFails(string from)
    {
        var options = CompleteLive();
        options.From = from;

        var result = Validate(options);

        Assert.StartsWith("Twilio:From ", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("https://abc123.ngrok.app/?token=1")]
    [InlineData("https://abc123.ngrok.app/#section")]
    [InlineData("/callbacks")]
    [InlineData("callbacks/status")]
    [InlineData("abc123.ngrok.app")]
    [InlineData("ftp://abc123.ngrok.app")]
    public void AMalformedPublicBaseUrlFails(string url)
    {
        var options = CompleteLive();
        options.PublicBaseUrl = url;

        var result = Validate(options);

        Assert.StartsWith("Twilio:PublicBaseUrl ", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("https://abc123.ngrok.app")]
    [InlineData("https://sms.example.com/tracker/")]
    [InlineData("http://localhost:5000")]
    public void AnAbsoluteHttpUrlWithoutQueryIsAValidPublicBaseUrl(string url)
    {
        var options = CompleteLive();
        options.PublicBaseUrl = url;

        var result = Validate(options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void AMalformedMessagingServiceSidFails()
    {
        var options = CompleteLive();
        options.MessagingServiceSid = "MG123";

        var result = Validate(options);

        Assert.StartsWith("Twilio:MessagingServiceSid ", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void ConnectRetriesOutsideZeroToTenFail(int retries)
    {
        var result = Validate(new TwilioOptions { ConnectRetries = retries });

        Assert.StartsWith("Twilio:ConnectRetries ", Assert.Single(result.Failures!));
    }

    [Fact]
    public void ANonPositiveRequestTimeoutFails()
    {
        var result = Validate(new TwilioOptions { RequestTimeout = TimeSpan.Zero });

        Assert.StartsWith("Twilio:RequestTimeout ", Assert.Single(result.Failures!));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(TwilioOptions options) =>
        new TwilioOptionsValidator().Validate(TwilioOptions.Section, options);
}
