namespace SmartShop.Core.Shifts;

/// <summary>What the shift calendar says of a stretch of time.</summary>
public enum CalendarTimeKind
{
    Operating,
    Break,
    PlannedDowntime,
    Holiday,
    NoShift,
}

/// <summary>A maximal stretch of time in which nothing about the calendar changes.</summary>
public readonly record struct CalendarPeriod(
    DateTimeOffset Start,
    DateTimeOffset End,
    CalendarTimeKind Kind,
    string? ShiftId,
    string? ShiftName,
    DateOnly ProductionDay,
    string? Label);

/// <summary>The shift calendar the OEE ledger splits time by.</summary>
public interface IShiftCalendar
{
    string TimeZoneId { get; }

    /// <summary>The period containing <paramref name="instant"/> (Start &lt;= instant &lt; End).</summary>
    CalendarPeriod PeriodAt(DateTimeOffset instant);

    /// <summary>Consecutive periods covering [from, to), the first and last clipped to it.</summary>
    IEnumerable<CalendarPeriod> Periods(DateTimeOffset from, DateTimeOffset to);
}
