using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

public sealed class WebhookSignatureTests
{
    // The Standard Webhooks reference libraries' test vector (libraries/go/webhook_test.go, TestWebhookSign).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";

    [Fact]
    public void TheSignatureMatchesTheStandardWebhooksReferenceVector() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(Secret, Id, Timestamp, Body));

    [Fact]
    public void AHeaderWithSeveralSignaturesVerifiesWhenOneOfThemIsRight() =>
        Assert.True(WebhookSignature.Verify(Secret, Id, Timestamp, Body,
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));

    [Theory]
    [InlineData(Id, Timestamp, """{"test": 2432232315}""")]
    [InlineData("msg_other", Timestamp, Body)]
    [InlineData(Id, Timestamp + 1, Body)]
    public void AChangedBodyIdOrTimestampDoesNotVerify(string id, long timestamp, string body) =>
        Assert.False(WebhookSignature.Verify(Secret, id, timestamp, body, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));

    [Fact]
    public void AGeneratedSecretHasTheWhsecPrefixAndThirtyTwoRandomBytes()
    {
        var first = WebhookSecrets.Generate();
        Assert.StartsWith("whsec_", first);
        Assert.Equal(32, WebhookSecrets.KeyOf(first).Length);
        Assert.NotEqual(first, WebhookSecrets.Generate());
    }
}
