namespace SmartShop.Core.Shifts;

/// <summary>
/// A compiled <see cref="ShiftCalendarDefinition"/>: answers which shift, break, planned downtime or production day
/// an instant falls in. Thread-safe; one instance is shared by every machine the calendar applies to.
/// </summary>
/// <remarks>
/// Each production day's window is compiled on first use into a sorted array of periods and kept in a direct-mapped
/// cache of <see cref="CacheDays"/> slots (one per day number modulo the size, so about eleven years stay cached and
/// memory stays bounded), so <see cref="PeriodAt"/> is an array read and a binary search that allocates nothing, and
/// <see cref="Periods"/> allocates only its enumerator. Two threads may compile the same day at once; both results
/// are equal, and either may stay in the slot. A day's window is built from the shift instances of the two production days either
/// side too, since a shift may run past its own day's window. Where shift instances overlap (a pattern the plant-file
/// validator rejects), the one that started first keeps the time until it ends. Where planned downtime and a break
/// overlap, the time is planned downtime.
/// </remarks>
public sealed class ShiftCalendar : IShiftCalendar
{
    private const int CacheDays = 4096;

    // Holiday ranges longer than this are a typo (a wrong year), and would expand to one entry per day.
    private const int MaxHolidayDays = 366;

    private const long TicksPerDay = TimeSpan.TicksPerDay;

    // Production days are looked up a few days either side of an instant: keep them inside DateOnly's range.
    private static readonly long MinTicks = new DateTime(2, 1, 1).Ticks;
    private static readonly long MaxTicks = new DateTime(9998, 1, 1).Ticks;

    private readonly TimeZoneInfo _zone;
    private readonly ProductionDayRule _rule;
    private readonly PatternShift[] _shifts;
    private readonly PlannedDowntime[] _downtime;
    private readonly Dictionary<DateOnly, HolidayDay> _holidays = [];
    private readonly CompiledDay?[] _days = new CompiledDay?[CacheDays];
    private volatile CompiledDay? _last;

    /// <exception cref="ArgumentException">
    /// Duplicate shift ids, a planned downtime window that does not end after it starts, or a holiday range that ends
    /// before it starts or spans more than a year.
    /// </exception>
    public ShiftCalendar(ShiftCalendarDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        _zone = definition.TimeZone;
        _rule = definition.ProductionDay;

        var ids = new HashSet<string>(StringComparer.Ordinal);
        _shifts = new PatternShift[definition.Shifts.Count];
        for (var i = 0; i < _shifts.Length; i++)
        {
            var shift = definition.Shifts[i];
            if (!ids.Add(shift.Id))
            {
                throw new ArgumentException($"Shift id '{shift.Id}' is used more than once.", nameof(definition));
            }

            _shifts[i] = new PatternShift(shift, _rule);
        }

        foreach (var window in definition.PlannedDowntime)
        {
            if (window.End <= window.Start)
            {
                throw new ArgumentException($"Planned downtime '{window.Label}' does not end after it starts.", nameof(definition));
            }
        }

        _downtime = [.. definition.PlannedDowntime.OrderBy(d => d.Start)];

        foreach (var holiday in definition.Holidays)
        {
            var days = holiday.Through.DayNumber - holiday.From.DayNumber + 1;
            if (days is < 1 or > MaxHolidayDays)
            {
                throw new ArgumentException(
                    $"Holiday '{holiday.Name}' must run forward from {holiday.From} for at most {MaxHolidayDays} days.", nameof(definition));
            }

            var shifts = holiday.ShiftIds.Select(id => Array.FindIndex(_shifts, s => s.Definition.Id == id)).Where(i => i >= 0).Distinct().ToArray();
            for (var day = holiday.From; day <= holiday.Through; day = day.AddDays(1))
            {
                _holidays[day] = new HolidayDay(holiday.Name, shifts);
            }
        }
    }

    public ShiftCalendarDefinition Definition { get; }

    public TimeZoneInfo TimeZone => _zone;

    public string TimeZoneId => _zone.Id;

    /// <exception cref="ArgumentOutOfRangeException">The instant is before year 2 or after year 9997.</exception>
    public CalendarPeriod PeriodAt(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        var day = DayContaining(ticks);
        return day.Periods[day.IndexOf(ticks)];
    }

    /// <exception cref="ArgumentOutOfRangeException">A bound is before year 2 or after year 9997 (on enumeration).</exception>
    public IEnumerable<CalendarPeriod> Periods(DateTimeOffset from, DateTimeOffset to)
    {
        var fromTicks = from.UtcTicks;
        var toTicks = to.UtcTicks;
        if (toTicks <= fromTicks)
        {
            yield break;
        }

        CheckRange(toTicks);
        var day = DayContaining(fromTicks);
        var index = day.IndexOf(fromTicks);
        while (true)
        {
            for (; index < day.Periods.Length; index++)
            {
                var period = day.Periods[index];
                var endTicks = period.End.UtcTicks;
                yield return period with
                {
                    Start = new DateTimeOffset(Math.Max(period.Start.UtcTicks, fromTicks), TimeSpan.Zero),
                    End = new DateTimeOffset(Math.Min(endTicks, toTicks), TimeSpan.Zero),
                };
                if (endTicks >= toTicks)
                {
                    yield break;
                }
            }

            day = Day(day.Date.AddDays(1));
            index = 0;
        }
    }

    private CompiledDay DayContaining(long ticks)
    {
        var last = _last;
        if (last is not null && ticks >= last.StartTicks && ticks < last.EndTicks)
        {
            return last;
        }

        CheckRange(ticks);

        // The base offset is within a few hours of the real one, so the estimate is at most a day off either way.
        var estimate = DateOnly.FromDayNumber((int)FloorDiv(ticks + _zone.BaseUtcOffset.Ticks - _rule.Start.Ticks, TicksPerDay));
        var day = Day(estimate);
        for (var step = 0; step < 4 && ticks < day.StartTicks; step++)
        {
            day = Day(day.Date.AddDays(-1));
        }

        for (var step = 0; step < 4 && ticks >= day.EndTicks; step++)
        {
            day = Day(day.Date.AddDays(1));
        }

        if (ticks < day.StartTicks || ticks >= day.EndTicks)
        {
            throw new InvalidOperationException($"No production day of the calendar in {_zone.Id} contains {new DateTimeOffset(ticks, TimeSpan.Zero):O}.");
        }

        _last = day;
        return day;
    }

    private CompiledDay Day(DateOnly date)
    {
        ref var slot = ref _days[date.DayNumber & (CacheDays - 1)];
        var day = Volatile.Read(ref slot);
        if (day is null || day.Date != date)
        {
            day = Compile(date);
            Volatile.Write(ref slot, day);
        }

        return day;
    }

    private long Boundary(DateOnly date) => PlantTime.ToInstant(_zone, date.ToDateTime(_rule.Start)).UtcTicks;

    private CompiledDay Compile(DateOnly date)
    {
        var windowStart = Boundary(date);
        var windowEnd = Boundary(date.AddDays(1));
        if (windowEnd <= windowStart)
        {
            // A production day the clock skipped entirely (e.g. Pacific/Apia, 2011-12-30).
            return new CompiledDay(date, windowStart, windowStart, []);
        }

        var instances = new List<ShiftInstance>();
        for (var offset = -2; offset <= 2; offset++)
        {
            AddInstances(date.AddDays(offset), windowStart, windowEnd, instances);
        }

        instances.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));
        var downtime = _downtime.Where(d => d.Start.UtcTicks < windowEnd && d.End.UtcTicks > windowStart).ToArray();

        var cuts = new List<long> { windowStart, windowEnd };
        foreach (var instance in instances)
        {
            cuts.Add(instance.Start);
            cuts.Add(instance.End);
            foreach (var (start, end, _) in instance.Breaks)
            {
                cuts.Add(start);
                cuts.Add(end);
            }
        }

        foreach (var window in downtime)
        {
            cuts.Add(window.Start.UtcTicks);
            cuts.Add(window.End.UtcTicks);
        }

        var bounds = cuts.Select(c => Math.Clamp(c, windowStart, windowEnd)).Distinct().Order().ToArray();
        var (outsideKind, outsideLabel) = _holidays.TryGetValue(date, out var holiday)
            ? (CalendarTimeKind.Holiday, holiday.Name)
            : (CalendarTimeKind.NoShift, (string?)null);

        var periods = new List<CalendarPeriod>(bounds.Length);
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var at = bounds[i];
            var period = Classify(at, instances, downtime, date, outsideKind, outsideLabel) with
            {
                Start = new DateTimeOffset(at, TimeSpan.Zero),
                End = new DateTimeOffset(bounds[i + 1], TimeSpan.Zero),
            };

            if (periods.Count > 0 && SameExceptTimes(periods[^1], period))
            {
                periods[^1] = periods[^1] with { End = period.End };
            }
            else
            {
                periods.Add(period);
            }
        }

        return new CompiledDay(date, windowStart, windowEnd, [.. periods]);
    }

    private void AddInstances(DateOnly productionDay, long windowStart, long windowEnd, List<ShiftInstance> into)
    {
        if (_holidays.TryGetValue(productionDay, out var holiday))
        {
            foreach (var index in holiday.ShiftIndexes)
            {
                AddInstance(index, productionDay, windowStart, windowEnd, into);
            }

            return;
        }

        for (var index = 0; index < _shifts.Length; index++)
        {
            if (_shifts[index].Definition.Days.Includes(productionDay.DayOfWeek))
            {
                AddInstance(index, productionDay, windowStart, windowEnd, into);
            }
        }
    }

    private void AddInstance(int index, DateOnly productionDay, long windowStart, long windowEnd, List<ShiftInstance> into)
    {
        var shift = _shifts[index];
        var localStart = productionDay.AddDays(shift.StartDateOffset).ToDateTime(TimeOnly.MinValue).AddTicks(shift.StartTicks);
        var start = Instant(localStart);
        var end = Instant(localStart.AddTicks(shift.LengthTicks));
        if (end <= start || end <= windowStart || start >= windowEnd)
        {
            return;
        }

        var breaks = new (long Start, long End, string? Label)[shift.Breaks.Length];
        for (var i = 0; i < breaks.Length; i++)
        {
            var (offset, length, label) = shift.Breaks[i];
            breaks[i] = (Instant(localStart.AddTicks(offset)), Instant(localStart.AddTicks(offset + length)), label);
        }

        into.Add(new ShiftInstance(shift.Definition, productionDay, start, end, breaks, index));
    }

    private long Instant(DateTime local) => PlantTime.ToInstant(_zone, local).UtcTicks;

    private static CalendarPeriod Classify(
        long at,
        List<ShiftInstance> instances,
        PlannedDowntime[] downtime,
        DateOnly windowDay,
        CalendarTimeKind outsideKind,
        string? outsideLabel)
    {
        foreach (var instance in instances)
        {
            if (instance.Start > at || at >= instance.End)
            {
                continue;
            }

            var shift = instance.Definition;
            foreach (var window in downtime)
            {
                if (window.Start.UtcTicks <= at && at < window.End.UtcTicks)
                {
                    return new CalendarPeriod(default, default, CalendarTimeKind.PlannedDowntime, shift.Id, shift.Name, instance.ProductionDay, window.Label);
                }
            }

            foreach (var (start, end, label) in instance.Breaks)
            {
                if (start <= at && at < end)
                {
                    return new CalendarPeriod(default, default, CalendarTimeKind.Break, shift.Id, shift.Name, instance.ProductionDay, label);
                }
            }

            return new CalendarPeriod(default, default, CalendarTimeKind.Operating, shift.Id, shift.Name, instance.ProductionDay, null);
        }

        return new CalendarPeriod(default, default, outsideKind, null, null, windowDay, outsideLabel);
    }

    private static bool SameExceptTimes(CalendarPeriod a, CalendarPeriod b) =>
        a.Kind == b.Kind
        && a.ProductionDay == b.ProductionDay
        && string.Equals(a.ShiftId, b.ShiftId, StringComparison.Ordinal)
        && string.Equals(a.ShiftName, b.ShiftName, StringComparison.Ordinal)
        && string.Equals(a.Label, b.Label, StringComparison.Ordinal);

    private static void CheckRange(long ticks)
    {
        if (ticks < MinTicks || ticks >= MaxTicks)
        {
            throw new ArgumentOutOfRangeException("instant", new DateTimeOffset(ticks, TimeSpan.Zero), "The shift calendar covers the years 2 to 9997.");
        }
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    /// <summary>A shift of the pattern, prepared: times in ticks and where its start date lies from its production day.</summary>
    private sealed class PatternShift
    {
        public PatternShift(ShiftDefinition definition, ProductionDayRule rule)
        {
            Definition = definition;
            StartTicks = definition.Start.Ticks;
            LengthTicks = definition.NominalLength.Ticks;
            var reference = new DateOnly(2001, 1, 1);
            StartDateOffset = DateOnly.FromDateTime(definition.LocalStart(reference, rule)).DayNumber - reference.DayNumber;
            Breaks = [.. definition.Breaks
                .Select(b => (Break: b, Place: definition.Locate(b)))
                .Where(b => b.Place is not null)
                .Select(b => (b.Place!.Value.Offset.Ticks, b.Place.Value.Length.Ticks, b.Break.Label))];
        }

        public ShiftDefinition Definition { get; }

        public long StartTicks { get; }

        public long LengthTicks { get; }

        /// <summary>Days from the production day an instance belongs to, to the date it starts on (-1, 0 or 1).</summary>
        public int StartDateOffset { get; }

        /// <summary>Breaks wholly inside the shift, as ticks from its start; others are ignored.</summary>
        public (long Offset, long Length, string? Label)[] Breaks { get; }
    }

    private sealed record HolidayDay(string Name, int[] ShiftIndexes);

    private sealed record ShiftInstance(
        ShiftDefinition Definition,
        DateOnly ProductionDay,
        long Start,
        long End,
        (long Start, long End, string? Label)[] Breaks,
        int Order);

    /// <summary>One production day's window [StartTicks, EndTicks) cut into periods.</summary>
    private sealed class CompiledDay(DateOnly date, long startTicks, long endTicks, CalendarPeriod[] periods)
    {
        public DateOnly Date { get; } = date;

        public long StartTicks { get; } = startTicks;

        public long EndTicks { get; } = endTicks;

        public CalendarPeriod[] Periods { get; } = periods;

        /// <summary>The index of the period containing <paramref name="ticks"/>, which must lie in the window.</summary>
        public int IndexOf(long ticks)
        {
            int low = 0, high = Periods.Length - 1;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (Periods[middle].Start.UtcTicks <= ticks)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return low;
        }
    }
}
