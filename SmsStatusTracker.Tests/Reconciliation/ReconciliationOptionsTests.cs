using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core;
using SmsStatusTracker.Core.Reconciliation;

namespace SmsStatusTracker.Tests.Reconciliation;

public sealed class ReconciliationOptionsTests
{
    [Fact]
    public void DefaultsAreValidAndCheckAfterTenMinutesGivingUpAfterADay()
    {
        var options = Resolve([]);

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MinAge);
        Assert.Equal(TimeSpan.FromHours(24), options.GiveUpAfter);
        Assert.Equal(60, options.MaxPerMinute);
    }

    [Fact]
    public void SettingsAreBoundFromTheReconciliationSection()
    {
        var options = Resolve(new()
        {
            ["Reconciliation:Enabled"] = "false",
            ["Reconciliation:MinAge"] = "00:02:00",
            ["Reconciliation:Interval"] = "00:00:30",
            ["Reconciliation:MaxPerMinute"] = "120",
            ["Reconciliation:GiveUpAfter"] = "2.00:00:00",
            ["Reconciliation:AssumeNeverCreatedAfter"] = "00:30:00",
        });

        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MinAge);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Interval);
        Assert.Equal(120, options.MaxPerMinute);
        Assert.Equal(TimeSpan.FromDays(2), options.GiveUpAfter);
        Assert.Equal(TimeSpan.FromMinutes(30), options.AssumeNeverCreatedAfter);
    }

    [Theory]
    [InlineData("Reconciliation:MaxPerMinute", "0", "Reconciliation:MaxPerMinute must be between 1 and 6000")]
    [InlineData("Reconciliation:BatchSize", "10001", "Reconciliation:BatchSize must be between 1 and 10000")]
    [InlineData("Reconciliation:MinAge", "00:00:00", "Reconciliation:MinAge must be a positive time span")]
    [InlineData("Reconciliation:Interval", "-00:00:01", "Reconciliation:Interval must be a positive time span")]
    [InlineData("Reconciliation:GiveUpAfter", "00:20:00", "Reconciliation:GiveUpAfter must not be shorter than Reconciliation:AssumeNeverCreatedAfter")]
    [InlineData("Reconciliation:AssumeNeverCreatedAfter", "00:05:00", "Reconciliation:AssumeNeverCreatedAfter must not be shorter than Reconciliation:MinAge")]
    public void InvalidSettingsStopStartupNamingTheKey(string key, string value, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(failure.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    private static ReconciliationOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        services.AddSmsStatusTrackerCore(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ReconciliationOptions>>().Value;
    }
}
