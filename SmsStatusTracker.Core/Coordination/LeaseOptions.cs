using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Coordination;

/// <summary>The <c>Leases</c> section: how long a replica's hold on background work lasts without a renewal.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    /// <summary>
    /// A lease not renewed for this long is free. When the holder dies, another replica takes the work over
    /// within <see cref="Duration"/> + <see cref="RenewInterval"/>.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews, and how often the others ask for the lease.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Renewals must fit at least twice into a lease, so one failed renewal does not lose it.</summary>
public sealed class LeaseOptionsValidator : IValidateOptions<LeaseOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        if (options.Duration <= TimeSpan.Zero || options.RenewInterval <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Leases:Duration and Leases:RenewInterval must be positive (e.g. 00:00:30 and 00:00:10).");
        }

        return options.RenewInterval * 2 > options.Duration
            ? ValidateOptionsResult.Fail("Leases:RenewInterval must be at most half of Leases:Duration, so one failed renewal does not lose the lease.")
            : ValidateOptionsResult.Success;
    }
}
