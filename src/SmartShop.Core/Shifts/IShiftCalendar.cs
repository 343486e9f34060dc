namespace SmartShop.Core.Shifts;

/// <summary>
/// What the calendar says a stretch of time is. Planned operation time (ISO 22400 POT) is shift time:
/// <see cref="Operating"/> + <see cref="Break"/> + <see cref="PlannedDowntime"/>; of that, <see cref="Break"/> and
/// <see cref="PlannedDowntime"/> are planned down time (PDOT). <see cref="NoShift"/> and <see cref="Holiday"/> are
/// outside POT.
/// </summary>
public enum CalendarTimeKind
{
    /// <summary>Inside a shift, not in a break or planned downtime: planned busy time.</summary>
    Operating,

    /// <summary>A break inside a shift (PDOT).</summary>
    Break,

    /// <summary>A planned downtime window inside a shift (PDOT). Planned downtime outside shifts is <see cref="NoShift"/>.</summary>
    PlannedDowntime,

    /// <summary>Time of a holiday production day that no shift covers (outside POT).</summary>
    Holiday,

    /// <summary>Time no shift covers on an ordinary production day (outside POT).</summary>
    NoShift,
}

/// <summary>A maximal stretch of time in which nothing about the calendar changes.</summary>
/// <param name="Start">Inclusive, UTC.</param>
/// <param name="End">Exclusive, UTC; its length is always <c>End - Start</c> in real time, DST included.</param>
/// <param name="ShiftId">The shift (e.g. "early") when inside one; with <paramref name="ProductionDay"/> it names the shift instance.</param>
/// <param name="ProductionDay">
/// Inside a shift: the production day the shift instance belongs to (see <see cref="ProductionDayRule"/>). Outside: the
/// production day whose window (from the rule's start time to the next day's) contains the period.
/// </param>
/// <param name="Label">The break's or planned downtime's label, the holiday's name; null otherwise.</param>
public readonly record struct CalendarPeriod(
    DateTimeOffset Start,
    DateTimeOffset End,
    CalendarTimeKind Kind,
    string? ShiftId,
    string? ShiftName,
    DateOnly ProductionDay,
    string? Label);

/// <summary>
/// A compiled shift calendar, as the OEE ledger asks it. Periods split at every shift start/end, break start/end,
/// planned downtime start/end and production-day boundary, so an interval cut at period boundaries never mixes two
/// shifts, two production days or planned with unplanned time.
/// </summary>
public interface IShiftCalendar
{
    /// <summary>The plant's IANA time zone id, e.g. Asia/Shanghai.</summary>
    string TimeZoneId { get; }

    /// <summary>The period containing <paramref name="instant"/> (Start &lt;= instant &lt; End).</summary>
    CalendarPeriod PeriodAt(DateTimeOffset instant);

    /// <summary>
    /// Consecutive periods covering [<paramref name="from"/>, <paramref name="to"/>) exactly: no gaps, no overlaps, the
    /// first and last clipped to the range. Empty when <paramref name="to"/> is not after <paramref name="from"/>.
    /// </summary>
    IEnumerable<CalendarPeriod> Periods(DateTimeOffset from, DateTimeOffset to);
}
