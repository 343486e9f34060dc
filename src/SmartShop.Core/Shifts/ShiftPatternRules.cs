namespace SmartShop.Core.Shifts;

/// <summary>Two shift instances that overlap in wall-clock time.</summary>
/// <param name="FirstDay">The production day of <paramref name="First"/>; only its weekday matters unless <paramref name="Holiday"/> is set.</param>
/// <param name="Holiday">Set when the overlap only arises from this holiday's replacement pattern.</param>
public sealed record ShiftOverlap(
    ShiftDefinition First,
    DateOnly FirstDay,
    ShiftDefinition Second,
    DateOnly SecondDay,
    Holiday? Holiday);

/// <summary>
/// Checks of a shift pattern that the compiled calendar would tolerate (see <see cref="ShiftCalendar"/>) but that
/// are almost certainly mistakes in a plant file.
/// </summary>
public static class ShiftPatternRules
{
    // A Monday; the weekly check walks the week from here.
    private static readonly DateOnly ReferenceMonday = new(2001, 1, 1);

    /// <summary>
    /// Shift instances that overlap in wall-clock time, on the same production day or with the next one: first in the
    /// weekly pattern, then where a holiday's replacement pattern meets its neighbour days. Each pair of shifts is
    /// reported once.
    /// </summary>
    /// <param name="holidays">Later entries win for a date, as in the calendar.</param>
    public static IReadOnlyList<ShiftOverlap> Overlaps(
        IReadOnlyList<ShiftDefinition> shifts,
        ProductionDayRule rule,
        IReadOnlyList<Holiday> holidays)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(holidays);
        var found = new List<ShiftOverlap>();
        var reported = new HashSet<(string, string)>();

        var byDate = new Dictionary<DateOnly, Holiday>();
        for (var day = ReferenceMonday; day < ReferenceMonday.AddDays(7); day = day.AddDays(1))
        {
            Compare(day, day.AddDays(1), null);
        }

        foreach (var holiday in holidays)
        {
            for (var day = holiday.From; day <= holiday.Through && day.DayNumber - holiday.From.DayNumber < 366; day = day.AddDays(1))
            {
                byDate[day] = holiday;
            }
        }

        foreach (var (day, holiday) in byDate.OrderBy(h => h.Key))
        {
            Compare(day.AddDays(-1), day, holiday);
            Compare(day, day.AddDays(1), holiday);
        }

        return found;

        void Compare(DateOnly day, DateOnly next, Holiday? holiday)
        {
            var today = Instances(day, holiday is not null);
            var tomorrow = Instances(next, holiday is not null);
            for (var i = 0; i < today.Count; i++)
            {
                for (var j = i + 1; j < today.Count; j++)
                {
                    Check(today[i], day, today[j], day, holiday);
                }

                foreach (var later in tomorrow)
                {
                    Check(today[i], day, later, next, holiday);
                }
            }
        }

        void Check(ShiftDefinition a, DateOnly aDay, ShiftDefinition b, DateOnly bDay, Holiday? holiday)
        {
            var aStart = a.LocalStart(aDay, rule);
            var bStart = b.LocalStart(bDay, rule);
            var overlaps = aStart < bStart + b.NominalLength && bStart < aStart + a.NominalLength;
            var key = string.CompareOrdinal(a.Id, b.Id) <= 0 ? (a.Id, b.Id) : (b.Id, a.Id);
            if (overlaps && reported.Add(key))
            {
                found.Add(new ShiftOverlap(a, aDay, b, bDay, holiday));
            }
        }

        // The weekly check ignores holidays (its reference week is just a week).
        List<ShiftDefinition> Instances(DateOnly day, bool withHolidays) =>
            withHolidays && byDate.TryGetValue(day, out var holiday)
                ? [.. shifts.Where(s => holiday.ShiftIds.Contains(s.Id, StringComparer.Ordinal))]
                : [.. shifts.Where(s => s.Days.Includes(day.DayOfWeek))];
    }
}
