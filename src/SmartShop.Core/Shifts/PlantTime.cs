namespace SmartShop.Core.Shifts;

/// <summary>Conversions between instants (UTC) and the plant's wall clock; the shift calendar's only window on local time.</summary>
public static class PlantTime
{
    /// <summary>
    /// The first instant at which the plant's clock reads <paramref name="localTime"/> or later. So an ordinary local
    /// time maps to its instant; a time skipped when clocks spring forward maps forward to the end of the gap (02:30
    /// on a 02:00-03:00 gap becomes 03:00 daylight time); a time shown twice when clocks fall back takes its first
    /// (daylight) occurrence. The mapping never runs backwards: a later local time never gives an earlier instant.
    /// </summary>
    /// <param name="localTime">Wall-clock time in <paramref name="timeZone"/>; its Kind is ignored.</param>
    /// <returns>The instant, with offset zero.</returns>
    public static DateTimeOffset ToInstant(TimeZoneInfo timeZone, DateTime localTime)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);
        if (timeZone.IsInvalidTime(local))
        {
            return GapEnd(timeZone, local);
        }

        var offset = timeZone.IsAmbiguousTime(local)
            ? timeZone.GetAmbiguousTimeOffsets(local).Max()
            : timeZone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>The plant's wall-clock time at <paramref name="instant"/>.</summary>
    public static DateTime ToLocal(TimeZoneInfo timeZone, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime, DateTimeKind.Unspecified);
    }

    // The instant the clock jumps over local: the smallest t whose local time is at or after it. Between the offsets
    // in force a day either side, t lies in [local - larger offset, local - smaller offset], where local time only grows.
    private static DateTimeOffset GapEnd(TimeZoneInfo timeZone, DateTime local)
    {
        var guess = local.Ticks - timeZone.BaseUtcOffset.Ticks;
        var before = timeZone.GetUtcOffset(new DateTimeOffset(guess - TimeSpan.TicksPerDay, TimeSpan.Zero)).Ticks;
        var after = timeZone.GetUtcOffset(new DateTimeOffset(guess + TimeSpan.TicksPerDay, TimeSpan.Zero)).Ticks;
        var low = local.Ticks - Math.Max(before, after);
        var high = local.Ticks - Math.Min(before, after);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var instant = new DateTimeOffset(middle, TimeSpan.Zero);
            if (middle + timeZone.GetUtcOffset(instant).Ticks >= local.Ticks)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return new DateTimeOffset(low, TimeSpan.Zero);
    }
}
