namespace SmartShop.Core.Shifts;

/// <summary>
/// A site's shift calendar as configured: the weekly shift pattern (with breaks), the production-day rule, one-off
/// planned downtime, holidays, and the plant's time zone. <see cref="ShiftCalendar"/> compiles it.
/// </summary>
/// <remarks>
/// Local wall-clock times (shift and break times, production-day start) become instants by
/// <see cref="PlantTime.ToInstant"/>: a time the clock skips when it springs forward maps forward to the end of the
/// gap, a time the clock shows twice when it falls back takes its first (daylight) occurrence. So a 22:00-06:00 shift
/// is 7 hours long on the night clocks go forward and 9 hours on the night they go back.
/// </remarks>
/// <param name="TimeZone">The plant's time zone (the site's); every local time here is read in it.</param>
/// <param name="Shifts">The weekly pattern. Empty means no shifts at all: every day is NoShift.</param>
/// <param name="PlannedDowntime">
/// One-off windows. Inside a shift they are PDOT; outside shifts they change nothing (that time is NoShift, not POT).
/// </param>
/// <param name="Holidays">Production days without the weekly pattern; where dates repeat, the later entry wins.</param>
public sealed record ShiftCalendarDefinition(
    TimeZoneInfo TimeZone,
    ProductionDayRule ProductionDay,
    IReadOnlyList<ShiftDefinition> Shifts,
    IReadOnlyList<PlannedDowntime> PlannedDowntime,
    IReadOnlyList<Holiday> Holidays)
{
    /// <summary>Id of the single shift of <see cref="AroundTheClock"/>.</summary>
    public const string AroundTheClockShiftId = "24x7";

    /// <summary>
    /// The calendar of a site whose plant file has no shiftCalendar: one 24-hour shift (<see cref="AroundTheClockShiftId"/>)
    /// every day from local midnight, production days from midnight. All time is planned operation time.
    /// </summary>
    public static ShiftCalendarDefinition AroundTheClock(TimeZoneInfo timeZone) => new(
        timeZone,
        ProductionDayRule.Midnight,
        [new ShiftDefinition(AroundTheClockShiftId, "24/7", TimeOnly.MinValue, TimeOnly.MinValue, DaysOfWeek.Every, [])],
        [],
        []);

    /// <summary>
    /// This calendar with an area's or line's override applied: the override's shift pattern (breaks included), when
    /// it has one, replaces this one; its planned downtime and holidays are added to these, and for a date both
    /// name, the override's holiday wins. Time zone and production-day rule stay the site's.
    /// </summary>
    public ShiftCalendarDefinition With(ShiftCalendarOverride calendarOverride)
    {
        ArgumentNullException.ThrowIfNull(calendarOverride);
        return this with
        {
            Shifts = calendarOverride.Shifts ?? Shifts,
            PlannedDowntime = [.. PlannedDowntime, .. calendarOverride.PlannedDowntime],
            Holidays = [.. Holidays, .. calendarOverride.Holidays],
        };
    }
}

/// <summary>
/// What an area or a line changes about its site's calendar (see <see cref="ShiftCalendarDefinition.With"/>).
/// The production-day rule and time zone are the site's only, so that roll-ups of lines and areas add up per day.
/// </summary>
/// <param name="Shifts">A pattern replacing the inherited one (with its own breaks), or null to keep it.</param>
/// <param name="PlannedDowntime">Added to the inherited windows.</param>
/// <param name="Holidays">Added to the inherited holidays; for a date both name, this one wins.</param>
public sealed record ShiftCalendarOverride(
    IReadOnlyList<ShiftDefinition>? Shifts,
    IReadOnlyList<PlannedDowntime> PlannedDowntime,
    IReadOnlyList<Holiday> Holidays);

/// <summary>Which production day a shift belongs to when it crosses the production-day start.</summary>
public enum ShiftDayAssignment
{
    /// <summary>The production day in which the shift starts.</summary>
    StartDay,

    /// <summary>The production day in which the shift ends (e.g. Monday's night shift starts Sunday 22:00).</summary>
    EndDay,

    /// <summary>The production day holding more of the shift's nominal hours; a tie goes to the start day.</summary>
    Majority,
}

/// <summary>
/// The production-day rule. Production day D is the window from <see cref="Start"/> local time on date D to
/// <see cref="Start"/> on D + 1 (it is named by the date it starts on). Time outside shifts belongs to the production
/// day whose window contains it. A shift instance belongs wholly to one production day, chosen by
/// <see cref="ShiftsBelongTo"/> from the nominal (wall-clock) times, so the choice is the same every day, DST or
/// not; its periods carry that day even where the shift runs past the window's edge (they are still split there).
/// A shift's <see cref="ShiftDefinition.Days"/> and a holiday's dates are production days in this sense.
/// </summary>
/// <example>
/// Start 06:00, shifts 06-14, 14-22, 22-06: Monday's production day is Monday 06:00 to Tuesday 06:00 and holds all
/// three shifts that start on Monday; the rule never matters. Start 00:00 with <see cref="ShiftDayAssignment.EndDay"/>
/// (or Majority): the night shift starting Monday 22:00 is Tuesday's, as plants that start the day with the night
/// shift count it.
/// </example>
public sealed record ProductionDayRule(TimeOnly Start, ShiftDayAssignment ShiftsBelongTo = ShiftDayAssignment.StartDay)
{
    /// <summary>Production days from local midnight; shifts belong to the day they start.</summary>
    public static ProductionDayRule Midnight { get; } = new(TimeOnly.MinValue);
}

/// <summary>One shift of the weekly pattern.</summary>
/// <param name="Id">Names the shift in every period of it (e.g. "early"); unique within a pattern.</param>
/// <param name="Start">Local start time.</param>
/// <param name="End">
/// Local end time. At or before <paramref name="Start"/> the shift ends on the next calendar day (22:00-06:00);
/// equal to it, the shift lasts 24 hours.
/// </param>
/// <param name="Days">The production days the shift runs on (see <see cref="ProductionDayRule"/>).</param>
/// <param name="Breaks">Fixed local times inside the shift.</param>
public sealed record ShiftDefinition(
    string Id,
    string Name,
    TimeOnly Start,
    TimeOnly End,
    DaysOfWeek Days,
    IReadOnlyList<ShiftBreak> Breaks)
{
    /// <summary>Wall-clock length: more than zero, at most 24 hours. Real length differs on DST nights.</summary>
    public TimeSpan NominalLength => TimeOfDay.Between(Start, End, zeroMeansDay: true);

    /// <summary>Whether the shift ends on the calendar day after it starts (24-hour shifts included).</summary>
    public bool CrossesMidnight => End <= Start;

    /// <summary>
    /// The local date and time the instance of this shift that belongs to <paramref name="productionDay"/> starts at:
    /// the production day's date, or the day before or after it, as <paramref name="rule"/> assigns shifts to days.
    /// </summary>
    public DateTime LocalStart(DateOnly productionDay, ProductionDayRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return productionDay.AddDays(-ProductionDayOffset(rule)).ToDateTime(Start);
    }

    /// <summary>Where <paramref name="shiftBreak"/> lies in this shift, from the shift's start; null when it is not wholly inside.</summary>
    public (TimeSpan Offset, TimeSpan Length)? Locate(ShiftBreak shiftBreak)
    {
        ArgumentNullException.ThrowIfNull(shiftBreak);
        var offset = TimeOfDay.Between(Start, shiftBreak.Start, zeroMeansDay: false);
        var length = TimeOfDay.Between(shiftBreak.Start, shiftBreak.End, zeroMeansDay: false);
        return length > TimeSpan.Zero && offset + length <= NominalLength ? (offset, length) : null;
    }

    // The production day an instance belongs to, counted from the date it starts on (-1, 0 or 1), decided on
    // wall-clock times so that it is the same every day, DST or not.
    private int ProductionDayOffset(ProductionDayRule rule)
    {
        const long Day = TimeSpan.TicksPerDay;
        var start = Start.Ticks;
        var length = NominalLength.Ticks;
        var dayStart = rule.Start.Ticks;
        var startDay = (int)Math.Floor((start - dayStart) / (double)Day);
        var endDay = (int)Math.Floor((start + length - 1 - dayStart) / (double)Day);
        switch (rule.ShiftsBelongTo)
        {
            case ShiftDayAssignment.EndDay:
                return endDay;
            case ShiftDayAssignment.Majority when endDay != startDay:
                var boundary = dayStart + ((startDay + 1) * Day);
                return boundary - start >= start + length - boundary ? startDay : endDay;
            default:
                return startDay;
        }
    }
}

/// <summary>A break inside a shift, at fixed local times (it may cross midnight inside a night shift).</summary>
public sealed record ShiftBreak(TimeOnly Start, TimeOnly End, string? Label);

/// <summary>A one-off planned downtime window (e.g. planned maintenance), as instants.</summary>
/// <param name="End">After <paramref name="Start"/>.</param>
public sealed record PlannedDowntime(DateTimeOffset Start, DateTimeOffset End, string Label)
{
    /// <summary>A window given in the plant's local time (converted as <see cref="PlantTime.ToInstant"/> says).</summary>
    public static PlannedDowntime Local(DateTime start, DateTime end, string label, TimeZoneInfo timeZone) =>
        new(PlantTime.ToInstant(timeZone, start), PlantTime.ToInstant(timeZone, end), label);
}

/// <summary>
/// Production days <paramref name="From"/> to <paramref name="Through"/> (inclusive) without the weekly pattern: only
/// the shifts in <paramref name="ShiftIds"/> run (whatever their days say), none when it is empty. Time of these
/// days that no shift covers is <see cref="CalendarTimeKind.Holiday"/>.
/// </summary>
/// <param name="ShiftIds">A replacement pattern, as ids of the calendar's shifts; ids it lacks are ignored.</param>
public sealed record Holiday(DateOnly From, DateOnly Through, string Name, IReadOnlyList<string> ShiftIds)
{
    /// <summary>One production day without shifts.</summary>
    public Holiday(DateOnly date, string name)
        : this(date, date, name, [])
    {
    }
}

/// <summary>Days of the week as flags, so a set of days is one value.</summary>
[Flags]
public enum DaysOfWeek
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    MondayToFriday = Monday | Tuesday | Wednesday | Thursday | Friday,
    MondayToSaturday = MondayToFriday | Saturday,
    Every = MondayToSaturday | Sunday,
}

public static class DaysOfWeekExtensions
{
    /// <summary>The flag of one <see cref="DayOfWeek"/>.</summary>
    public static DaysOfWeek ToFlag(this DayOfWeek day) => (DaysOfWeek)(1 << (((int)day + 6) % 7));

    public static bool Includes(this DaysOfWeek days, DayOfWeek day) => (days & day.ToFlag()) != 0;
}

internal static class TimeOfDay
{
    /// <summary>Wall-clock time from <paramref name="from"/> forward to <paramref name="to"/>, in [0, 24 h) or (0, 24 h].</summary>
    public static TimeSpan Between(TimeOnly from, TimeOnly to, bool zeroMeansDay)
    {
        var ticks = to.Ticks - from.Ticks;
        if (ticks < 0 || (ticks == 0 && zeroMeansDay))
        {
            ticks += TimeSpan.TicksPerDay;
        }

        return TimeSpan.FromTicks(ticks);
    }
}
