using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>
/// Whether a message would arrive inside the recipient's quiet hours (<see cref="QuietHoursOptions"/>), in their
/// local time, and when those end. The time zone comes from the number (libphonenumber's time-zone mapper). A number
/// whose prefix spans several zones (a US mobile, most of Australia) is held while it is quiet hours in <em>any</em>
/// of them, until it is outside quiet hours in all: the rule that never wakes anyone. A number with no known zone is
/// not held (there is nothing to go by).
/// </summary>
public sealed class QuietHours(IOptions<QuietHoursOptions> options)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper Zones = PhoneNumberToTimeZonesMapper.GetInstance();

    public bool Enabled => options.Value.Enabled;

    /// <summary>The end of the quiet hours <paramref name="at"/> falls in for <paramref name="e164"/>, or null when it does not (or they are off).</summary>
    public DateTimeOffset? HoldUntil(string e164, DateTimeOffset at)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return null;
        }

        var zones = ZonesOf(e164);
        var until = at;

        // Each zone's end can fall inside another zone's window; a few rounds settle it (zones differ by hours, not days).
        for (var round = 0; round < 4; round++)
        {
            var moved = false;
            foreach (var zone in zones)
            {
                if (EndIfInside(until, zone, settings) is { } end && end > until)
                {
                    until = end;
                    moved = true;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        return until > at ? until : null;
    }

    /// <summary>The IANA zones libphonenumber names for <paramref name="e164"/> that this machine knows; empty when none.</summary>
    public static IReadOnlyList<TimeZoneInfo> ZonesOf(string e164)
    {
        try
        {
            var number = Phones.Parse(e164, null);
            return Zones.GetTimeZonesForNumber(number)
                .Where(id => id != Zones.GetUnknownTimeZone())
                .Select(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null)
                .OfType<TimeZoneInfo>()
                .ToArray();
        }
        catch (NumberParseException)
        {
            return [];
        }
    }

    // The window's end as an instant, when the local time is inside it. A window crossing midnight (21:00–08:00) is
    // inside from Start to midnight and from midnight to End. The end's offset is the zone's at that wall-clock time
    // (a daylight-saving change may fall in the night).
    private static DateTimeOffset? EndIfInside(DateTimeOffset at, TimeZoneInfo zone, QuietHoursOptions settings)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var crossesMidnight = settings.Start > settings.End;
        var inside = crossesMidnight ? time >= settings.Start || time < settings.End : time >= settings.Start && time < settings.End;
        if (!inside)
        {
            return null;
        }

        var endDay = crossesMidnight && time >= settings.Start ? local.Date.AddDays(1) : local.Date;
        var endLocal = DateTime.SpecifyKind(endDay + settings.End.ToTimeSpan(), DateTimeKind.Unspecified);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }
}
