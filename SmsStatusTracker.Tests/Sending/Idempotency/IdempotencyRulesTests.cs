using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Sending.Idempotency;

namespace SmsStatusTracker.Tests.Sending.Idempotency;

/// <summary>The key rule, the request fingerprint and the lifetime option, each in its one place.</summary>
public sealed class IdempotencyRulesTests
{
    [Theory]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("order 42 / attempt ~ #1")]
    [InlineData("k")]
    public void PrintableAsciiKeysUpTo255CharactersAreAccepted(string key) => Assert.Null(IdempotencyKey.WhyInvalid(key));

    [Fact]
    public void AKeyOf255CharactersIsAcceptedAnd256IsNot()
    {
        Assert.Null(IdempotencyKey.WhyInvalid(new string('k', 255)));
        Assert.Contains("1 to 255", IdempotencyKey.WhyInvalid(new string('k', 256)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "1 to 255")]
    [InlineData("tab\there", "character 4")]
    [InlineData("café", "character 4")]
    [InlineData("new\nline", "character 4")]
    public void OtherKeysAreRefusedSayingWhy(string key, string reason)
    {
        var whyNot = IdempotencyKey.WhyInvalid(key);

        Assert.NotNull(whyNot);
        Assert.Contains(reason, whyNot, StringComparison.Ordinal);
        Assert.StartsWith(IdempotencyKey.Header, whyNot, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFingerprintDependsOnEveryFieldAndOnNothingElse()
    {
        var original = new SendSmsRequest("+14155550123", "Hello");
        var resentFrom = Guid.CreateVersion7();

        Assert.Equal(RequestFingerprint.Of(original), RequestFingerprint.Of(new SendSmsRequest("+14155550123", "Hello")));
        Assert.NotEqual(RequestFingerprint.Of(original), RequestFingerprint.Of(original with { To = "+14155550124" }));
        Assert.NotEqual(RequestFingerprint.Of(original), RequestFingerprint.Of(original with { Body = "Hello!" }));
        Assert.NotEqual(RequestFingerprint.Of(original), RequestFingerprint.Of(original with { ResentFromId = resentFrom }));
        // Length-prefixed: moving text from one field to the next is another request.
        Assert.NotEqual(RequestFingerprint.Of("op", "ab", "c"), RequestFingerprint.Of("op", "a", "bc"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("31.00:00:00")]
    public void AKeyLifetimeOutsideItsRangeFailsNamingTheSetting(string lifetime)
    {
        var result = new IdempotencyOptionsValidator().Validate(null, new IdempotencyOptions { KeyLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Idempotency:KeyLifetime", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultKeyLifetimeIs24HoursAndValid()
    {
        var options = new IdempotencyOptions();

        Assert.Equal(TimeSpan.FromHours(24), options.KeyLifetime);
        Assert.True(new IdempotencyOptionsValidator().Validate(null, options).Succeeded);
    }
}
