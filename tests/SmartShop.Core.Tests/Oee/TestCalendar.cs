using SmartShop.Core.Shifts;

namespace SmartShop.Core.Tests.Oee;

/// <summary>
/// A calendar written out as periods, for ledger tests that must not depend on the real calendar's rules: the given
/// periods, and NoShift in between and around them (production day = the UTC date).
/// </summary>
internal sealed class TestCalendar(params CalendarPeriod[] periods) : IShiftCalendar
{
    private readonly CalendarPeriod[] _periods = [.. periods.OrderBy(p => p.Start)];

    public string TimeZoneId => "UTC";

    /// <summary>One shift, operating from <paramref name="start"/> for <paramref name="hours"/>, with optional breaks (start offset, minutes).</summary>
    public static TestCalendar Shift(DateTimeOffset start, double hours, params (double AfterHours, double Minutes)[] breaks)
    {
        var end = start.AddHours(hours);
        var day = DateOnly.FromDateTime(start.UtcDateTime);
        var list = new List<CalendarPeriod>();
        var cursor = start;
        foreach (var (after, minutes) in breaks.OrderBy(b => b.AfterHours))
        {
            var breakStart = start.AddHours(after);
            list.Add(new CalendarPeriod(cursor, breakStart, CalendarTimeKind.Operating, "early", "Early", day, null));
            list.Add(new CalendarPeriod(breakStart, breakStart.AddMinutes(minutes), CalendarTimeKind.Break, "early", "Early", day, "break"));
            cursor = breakStart.AddMinutes(minutes);
        }

        list.Add(new CalendarPeriod(cursor, end, CalendarTimeKind.Operating, "early", "Early", day, null));
        return new TestCalendar([.. list]);
    }

    public static TestCalendar Always { get; } = new(new CalendarPeriod(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CalendarTimeKind.Operating, "all", "All", default, null));

    public CalendarPeriod PeriodAt(DateTimeOffset instant)
    {
        var previousEnd = DateTimeOffset.MinValue;
        foreach (var p in _periods)
        {
            if (instant < p.Start)
            {
                return new CalendarPeriod(previousEnd, p.Start, CalendarTimeKind.NoShift, null, null, DateOnly.FromDateTime(instant.UtcDateTime), null);
            }

            if (instant < p.End)
            {
                return p;
            }

            previousEnd = p.End;
        }

        return new CalendarPeriod(previousEnd, DateTimeOffset.MaxValue, CalendarTimeKind.NoShift, null, null, DateOnly.FromDateTime(instant.UtcDateTime), null);
    }

    public IEnumerable<CalendarPeriod> Periods(DateTimeOffset from, DateTimeOffset to)
    {
        for (var t = from; t < to;)
        {
            var p = PeriodAt(t);
            var end = p.End < to ? p.End : to;
            yield return p with { Start = t, End = end };
            t = end;
        }
    }
}
