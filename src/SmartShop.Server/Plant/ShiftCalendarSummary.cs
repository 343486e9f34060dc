using System.Globalization;
using SmartShop.Core.Plant;
using SmartShop.Core.Shifts;

namespace SmartShop.Server.Plant;

/// <summary>The shift calendars of a plant in a few lines of text, for <c>smartshop plant validate</c>.</summary>
public static class ShiftCalendarSummary
{
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// One line per site (its calendar, or that it runs 24/7 because none is configured), then one per area or line
    /// that overrides it, e.g. <c>shift calendar of site bj (Asia/Shanghai): shifts day 08:00-20:00 Mon-Sat, ...</c>.
    /// </summary>
    public static IEnumerable<string> Describe(PlantDefinition plant)
    {
        ArgumentNullException.ThrowIfNull(plant);
        foreach (var site in plant.Sites)
        {
            yield return site.ShiftCalendar is { } calendar
                ? $"shift calendar of site {site.Id} ({site.TimeZone.Id}): {Pattern(calendar.Shifts)}; {Rule(calendar.ProductionDay)}"
                    + $"; {Count(calendar.PlannedDowntime.Count, "planned downtime window")}; {Holidays(calendar.Holidays)}"
                : $"shift calendar of site {site.Id} ({site.TimeZone.Id}): none configured, so 24/7 operating (one 24-hour shift a day from 00:00)";

            foreach (var area in site.Areas)
            {
                if (area.ShiftCalendar is { } areaOverride)
                {
                    yield return $"  area {area.Id} overrides it: {Override(areaOverride)}";
                }

                foreach (var line in area.Lines)
                {
                    if (line.ShiftCalendar is { } lineOverride)
                    {
                        yield return $"  line {line.Id} overrides it: {Override(lineOverride)}";
                    }
                }
            }
        }
    }

    private static string Override(ShiftCalendarOverride calendarOverride)
    {
        var parts = new List<string>();
        if (calendarOverride.Shifts is { } shifts)
        {
            parts.Add("own " + Pattern(shifts));
        }

        if (calendarOverride.PlannedDowntime.Count > 0)
        {
            parts.Add("+" + Count(calendarOverride.PlannedDowntime.Count, "planned downtime window"));
        }

        if (calendarOverride.Holidays.Count > 0)
        {
            parts.Add("+" + Holidays(calendarOverride.Holidays));
        }

        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }

    private static string Pattern(IReadOnlyList<ShiftDefinition> shifts) => shifts.Count == 0
        ? "no shifts"
        : "shifts " + string.Join(", ", shifts.Select(Shift));

    private static string Shift(ShiftDefinition shift)
    {
        var text = $"{shift.Id} {Hm(shift.Start)}-{Hm(shift.End)} {Days(shift.Days)}";
        return shift.Breaks.Count == 0
            ? text
            : $"{text} (break{(shift.Breaks.Count == 1 ? "" : "s")} {string.Join(" ", shift.Breaks.Select(b => $"{Hm(b.Start)}-{Hm(b.End)}"))})";
    }

    private static string Rule(ProductionDayRule rule) => rule.ShiftsBelongTo switch
    {
        ShiftDayAssignment.EndDay => $"production day from {Hm(rule.Start)}, a shift counts on the day it ends",
        ShiftDayAssignment.Majority => $"production day from {Hm(rule.Start)}, a shift counts on the day holding most of it",
        _ => $"production day from {Hm(rule.Start)}, a shift counts on the day it starts",
    };

    private static string Holidays(IReadOnlyList<Holiday> holidays) =>
        $"{Count(holidays.Count, "holiday")} ({Count(holidays.Sum(h => h.Through.DayNumber - h.From.DayNumber + 1), "day")})";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>Runs of consecutive days as ranges: Mon-Sat, "Mon-Wed, Fri", daily, or "holidays only" for none.</summary>
    private static string Days(DaysOfWeek days)
    {
        if (days == DaysOfWeek.Every)
        {
            return "daily";
        }

        var runs = new List<string>();
        for (var i = 0; i < Week.Length; i++)
        {
            if (!days.Includes(Week[i]))
            {
                continue;
            }

            var end = i;
            while (end + 1 < Week.Length && days.Includes(Week[end + 1]))
            {
                end++;
            }

            runs.Add(end == i ? Short(Week[i]) : $"{Short(Week[i])}-{Short(Week[end])}");
            i = end;
        }

        return runs.Count == 0 ? "on holidays only" : string.Join(", ", runs);
    }

    private static string Short(DayOfWeek day) => day.ToString()[..3];

    private static string Hm(TimeOnly time) => time.ToString("HH\\:mm", CultureInfo.InvariantCulture);
}
