using System.Net;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

public sealed class WebhookAddressRulesTests
{
    private static readonly OutboundWebhookOptions Strict = new();

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.8.8")]
    [InlineData("0.0.0.0")]
    [InlineData("169.254.10.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::1")]
    public void PrivateLoopbackLinkLocalUniqueLocalMulticastAndMetadataAddressesAreRefused(string address) =>
        Assert.NotNull(WebhookAddressRules.CheckAddress(IPAddress.Parse(address), Strict));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void PublicAddressesAreAllowed(string address) =>
        Assert.Null(WebhookAddressRules.CheckAddress(IPAddress.Parse(address), Strict));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    public void MetadataAddressesAreRefusedEvenWhenPrivateNetworksAreAllowed(string address) =>
        Assert.NotNull(WebhookAddressRules.CheckAddress(IPAddress.Parse(address), new OutboundWebhookOptions { AllowPrivateNetworks = true, AllowLoopback = true }));

    [Fact]
    public void PrivateNetworksAreAllowedOnlyWhenConfigured()
    {
        Assert.Null(WebhookAddressRules.CheckAddress(IPAddress.Parse("10.1.2.3"), new OutboundWebhookOptions { AllowPrivateNetworks = true }));
        Assert.Null(WebhookAddressRules.CheckAddress(IPAddress.Loopback, new OutboundWebhookOptions { AllowLoopback = true }));
        Assert.NotNull(WebhookAddressRules.CheckAddress(IPAddress.Parse("10.1.2.3"), new OutboundWebhookOptions { AllowLoopback = true }));
    }

    [Theory]
    [InlineData("http://hooks.example.com/sms")]
    [InlineData("ftp://hooks.example.com/sms")]
    [InlineData("https://user:pass@hooks.example.com/sms")]
    [InlineData("https://10.0.0.1/sms")]
    [InlineData("https://[::1]/sms")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("not a url")]
    [InlineData("")]
    public void UrlsThatAreNotHttpsToAPublicHostAreRefused(string url) =>
        Assert.NotNull(WebhookAddressRules.CheckUrl(url, Strict));

    [Fact]
    public void HttpIsAllowedOnlyToLoopbackAndOnlyWhenLoopbackIsAllowed()
    {
        var development = new OutboundWebhookOptions { AllowLoopback = true };
        Assert.Null(WebhookAddressRules.CheckUrl("http://127.0.0.1:5000/hooks", development));
        Assert.Null(WebhookAddressRules.CheckUrl("http://localhost:5000/hooks", development));
        Assert.NotNull(WebhookAddressRules.CheckUrl("http://hooks.example.com/hooks", development));
        Assert.NotNull(WebhookAddressRules.CheckUrl("http://127.0.0.1:5000/hooks", Strict));
        Assert.Null(WebhookAddressRules.CheckUrl("https://hooks.example.com/hooks", Strict));
    }
}
