using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

public sealed class LiveFeedOptionsTests
{
    [Fact]
    public void ByDefaultABatchedFrameWaitsAtMostTwentyFiveMilliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(25), Resolve([]).BatchInterval);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.100")]
    [InlineData("00:00:01")]
    public void ZeroAndIntervalsUpToASecondAreAccepted(string interval)
    {
        Assert.Equal(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), Resolve(new() { ["LiveFeed:BatchInterval"] = interval }).BatchInterval);
    }

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("00:00:01.001")]
    public void AnIntervalBelowZeroOrAboveASecondStopsStartupNamingTheKey(string interval)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["LiveFeed:BatchInterval"] = interval }));

        Assert.StartsWith("LiveFeed:BatchInterval must be from 00:00:00", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    private static LiveFeedOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddMessageFeed(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LiveFeedOptions>>().Value;
    }
}
