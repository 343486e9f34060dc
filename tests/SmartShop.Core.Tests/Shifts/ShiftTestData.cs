using System.Globalization;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Tests.Shifts;

/// <summary>Builders for calendars in tests. Shanghai has no DST (UTC+8 all year), Berlin has both transitions.</summary>
internal static class ShiftTestData
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // 2026-06-01 is a Monday.
    public static readonly DateOnly Monday = new(2026, 6, 1);

    public static TimeOnly T(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);

    public static ShiftDefinition Shift(string id, string start, string end, DaysOfWeek days = DaysOfWeek.Every, params ShiftBreak[] breaks) =>
        new(id, char.ToUpperInvariant(id[0]) + id[1..], T(start), T(end), days, breaks);

    public static ShiftBreak Break(string start, string end, string? label = null) => new(T(start), T(end), label);

    /// <summary>Early 06-14, late 14-22, night 22-06, on <paramref name="days"/>.</summary>
    public static ShiftDefinition[] ThreeShifts(DaysOfWeek days = DaysOfWeek.MondayToFriday) =>
    [
        Shift("early", "06:00", "14:00", days),
        Shift("late", "14:00", "22:00", days),
        Shift("night", "22:00", "06:00", days),
    ];

    public static ShiftCalendar Calendar(
        IReadOnlyList<ShiftDefinition> shifts,
        ProductionDayRule? rule = null,
        TimeZoneInfo? zone = null,
        IReadOnlyList<PlannedDowntime>? downtime = null,
        IReadOnlyList<Holiday>? holidays = null) =>
        new(new ShiftCalendarDefinition(zone ?? Shanghai, rule ?? new ProductionDayRule(T("06:00")), shifts, downtime ?? [], holidays ?? []));

    /// <summary>A Shanghai wall-clock time as an instant (no DST there, so always exactly UTC+8).</summary>
    public static DateTimeOffset Cst(DateOnly date, string hhmm, int addDays = 0) =>
        new(date.AddDays(addDays).ToDateTime(T(hhmm)), TimeSpan.FromHours(8));

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>The periods of [from, to) as compact text, one per line: "06:00-14:00 Operating early 2026-06-01".</summary>
    public static string Describe(IEnumerable<CalendarPeriod> periods, TimeZoneInfo? zone = null) =>
        string.Join("\n", periods.Select(p => Describe(p, zone ?? Shanghai)));

    public static string Describe(CalendarPeriod p, TimeZoneInfo zone)
    {
        var text = $"{PlantTime.ToLocal(zone, p.Start):HH:mm}-{PlantTime.ToLocal(zone, p.End):HH:mm} {p.Kind}";
        if (p.ShiftId is not null)
        {
            text += " " + p.ShiftId;
        }

        text += " " + p.ProductionDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return p.Label is null ? text : $"{text} '{p.Label}'";
    }
}
