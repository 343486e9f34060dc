using SmartShop.Core.Shifts;
using static SmartShop.Core.Tests.Shifts.ShiftTestData;

namespace SmartShop.Core.Tests.Shifts;

public sealed class ShiftCalendarTests
{
    [Fact]
    public void Periods_ThreeShiftsWithDayStartingAt0600_NightShiftBelongsToTheDayItStarts()
    {
        var calendar = Calendar(ThreeShifts());

        var periods = calendar.Periods(Cst(Monday, "06:00"), Cst(Monday, "06:00", addDays: 1)).ToList();

        Assert.Equal(
            """
            06:00-14:00 Operating early 2026-06-01
            14:00-22:00 Operating late 2026-06-01
            22:00-06:00 Operating night 2026-06-01
            """.ReplaceLineEndings("\n"),
            Describe(periods));
        Assert.Equal(TimeSpan.FromHours(8), periods[2].End - periods[2].Start);
        Assert.Equal("Night", periods[2].ShiftName);
    }

    [Fact]
    public void PeriodAt_AfterMidnightInNightShift_ReturnsNightOfPreviousProductionDay()
    {
        var calendar = Calendar(ThreeShifts());

        var period = calendar.PeriodAt(Cst(Monday, "02:00", addDays: 1));

        Assert.Equal((CalendarTimeKind.Operating, "night", Monday), (period.Kind, period.ShiftId, period.ProductionDay));
        Assert.Equal((Cst(Monday, "22:00"), Cst(Monday, "06:00", addDays: 1)), (period.Start, period.End));
    }

    [Fact]
    public void PeriodAt_ExactlyAtShiftChange_ReturnsTheShiftThatStarts()
    {
        var calendar = Calendar(ThreeShifts());
        var change = Cst(Monday, "14:00");

        Assert.Equal("late", calendar.PeriodAt(change).ShiftId);
        Assert.Equal("early", calendar.PeriodAt(change.AddTicks(-1)).ShiftId);
    }

    [Fact]
    public void Periods_EndDayRuleWithMidnightDays_MondaysNightShiftStartsSundayAndSplitsAtMidnight()
    {
        // Plants that start the production day with the night shift: production days from 00:00, shifts belong to
        // the day they end in, so Monday's night shift is Sunday 22:00 to Monday 06:00.
        var calendar = Calendar(ThreeShifts(), new ProductionDayRule(TimeOnly.MinValue, ShiftDayAssignment.EndDay));
        var sunday = Monday.AddDays(-1);

        var periods = calendar.Periods(Cst(sunday, "20:00"), Cst(Monday, "07:00")).ToList();

        Assert.Equal(
            """
            20:00-22:00 NoShift 2026-05-31
            22:00-00:00 Operating night 2026-06-01
            00:00-06:00 Operating night 2026-06-01
            06:00-07:00 Operating early 2026-06-01
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Fact]
    public void Periods_EndDayRule_FridaysLateShiftIsTheLastOfTheWeek()
    {
        var calendar = Calendar(ThreeShifts(), new ProductionDayRule(TimeOnly.MinValue, ShiftDayAssignment.EndDay));
        var friday = Monday.AddDays(4);

        var periods = calendar.Periods(Cst(friday, "14:00"), Cst(friday, "06:00", addDays: 1)).ToList();

        Assert.Equal(
            """
            14:00-22:00 Operating late 2026-06-05
            22:00-00:00 NoShift 2026-06-05
            00:00-06:00 NoShift 2026-06-06
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Theory]
    [InlineData("22:00", "06:00", 1)] // 2 h before midnight, 6 h after: the day it ends in
    [InlineData("21:00", "03:00", 0)] // 3 h and 3 h: a tie goes to the day it starts in
    [InlineData("19:00", "03:00", 0)] // 5 h before, 3 h after
    [InlineData("06:00", "14:00", 0)] // no boundary inside
    public void PeriodAt_MajorityRule_ShiftBelongsToTheDayHoldingMoreOfIt(string start, string end, int expectedDaysAfterStart)
    {
        var calendar = Calendar([Shift("s", start, end)], new ProductionDayRule(TimeOnly.MinValue, ShiftDayAssignment.Majority));

        var period = calendar.PeriodAt(Cst(Monday, start).AddMinutes(1));

        Assert.Equal("s", period.ShiftId);
        Assert.Equal(Monday.AddDays(expectedDaysAfterStart), period.ProductionDay);
        Assert.Equal(Cst(Monday, start), period.Start);
    }

    [Fact]
    public void Periods_Breaks_AreSplitOutWithTheirLabels()
    {
        var early = Shift("early", "06:00", "14:00", DaysOfWeek.Every, Break("09:00", "09:15", "Tea"), Break("12:00", "12:30", "Lunch"));
        var calendar = Calendar([early]);

        var periods = calendar.Periods(Cst(Monday, "06:00"), Cst(Monday, "14:00"));

        Assert.Equal(
            """
            06:00-09:00 Operating early 2026-06-01
            09:00-09:15 Break early 2026-06-01 'Tea'
            09:15-12:00 Operating early 2026-06-01
            12:00-12:30 Break early 2026-06-01 'Lunch'
            12:30-14:00 Operating early 2026-06-01
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Fact]
    public void PeriodAt_BreakAcrossMidnightInNightShift_IsOneBreak()
    {
        var night = Shift("night", "22:00", "06:00", DaysOfWeek.Every, Break("23:45", "00:15", "Meal"));
        var calendar = Calendar([night]);

        var period = calendar.PeriodAt(Cst(Monday, "00:05", addDays: 1));

        Assert.Equal((CalendarTimeKind.Break, "night", Monday, "Meal"), (period.Kind, period.ShiftId, period.ProductionDay, period.Label));
        Assert.Equal((Cst(Monday, "23:45"), Cst(Monday, "00:15", addDays: 1)), (period.Start, period.End));
    }

    [Fact]
    public void Periods_PlannedDowntimeAcrossShiftChange_IsSplitAtTheShiftBoundary()
    {
        var downtime = new PlannedDowntime(Cst(Monday, "13:00"), Cst(Monday, "15:00"), "Planned maintenance");
        var calendar = Calendar(ThreeShifts(), downtime: [downtime]);

        var periods = calendar.Periods(Cst(Monday, "12:00"), Cst(Monday, "16:00"));

        Assert.Equal(
            """
            12:00-13:00 Operating early 2026-06-01
            13:00-14:00 PlannedDowntime early 2026-06-01 'Planned maintenance'
            14:00-15:00 PlannedDowntime late 2026-06-01 'Planned maintenance'
            15:00-16:00 Operating late 2026-06-01
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Fact]
    public void Periods_PlannedDowntimeOverBreak_IsPlannedDowntimeThroughout()
    {
        var early = Shift("early", "06:00", "14:00", DaysOfWeek.Every, Break("12:00", "12:30", "Lunch"));
        var downtime = new PlannedDowntime(Cst(Monday, "11:00"), Cst(Monday, "13:00"), "Die change");
        var calendar = Calendar([early], downtime: [downtime]);

        var periods = calendar.Periods(Cst(Monday, "10:00"), Cst(Monday, "14:00"));

        Assert.Equal(
            """
            10:00-11:00 Operating early 2026-06-01
            11:00-13:00 PlannedDowntime early 2026-06-01 'Die change'
            13:00-14:00 Operating early 2026-06-01
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Fact]
    public void Periods_PlannedDowntimeOutsideShifts_IsJustNoShift()
    {
        var saturday = Monday.AddDays(5);
        var downtime = new PlannedDowntime(Cst(saturday, "08:00"), Cst(saturday, "16:00"), "Roof repair");
        var calendar = Calendar(ThreeShifts(), downtime: [downtime]);

        var periods = calendar.Periods(Cst(saturday, "06:00"), Cst(saturday, "06:00", addDays: 1));

        Assert.Equal("06:00-06:00 NoShift 2026-06-06", Describe(periods));
    }

    [Fact]
    public void Periods_Weekend_IsOneNoShiftPeriodPerProductionDay()
    {
        var calendar = Calendar(ThreeShifts(DaysOfWeek.MondayToFriday));
        var friday = Monday.AddDays(4);

        var periods = calendar.Periods(Cst(friday, "20:00"), Cst(friday, "08:00", addDays: 3));

        Assert.Equal(
            """
            20:00-22:00 Operating late 2026-06-05
            22:00-06:00 Operating night 2026-06-05
            06:00-06:00 NoShift 2026-06-06
            06:00-06:00 NoShift 2026-06-07
            06:00-08:00 Operating early 2026-06-08
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Fact]
    public void Periods_HolidayWeek_IsHolidayAfterThePreviousDaysNightShift()
    {
        // Beijing: day 08-20, night 20-08, production day from 08:00; National Day 1-7 October 2026.
        var shifts = new[] { Shift("day", "08:00", "20:00"), Shift("night", "20:00", "08:00") };
        var nationalDay = new Holiday(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7), "National Day", []);
        var calendar = Calendar(shifts, new ProductionDayRule(T("08:00")), holidays: [nationalDay]);
        var september30 = new DateOnly(2026, 9, 30);

        var periods = calendar.Periods(Cst(september30, "20:00"), Cst(september30, "09:00", addDays: 8)).ToList();

        Assert.Equal("20:00-08:00 Operating night 2026-09-30", Describe(periods[0], Shanghai));
        Assert.Equal(
            Enumerable.Range(1, 7).Select(d => $"08:00-08:00 Holiday 2026-10-0{d} 'National Day'"),
            periods.Skip(1).Take(7).Select(p => Describe(p, Shanghai)));
        Assert.Equal("08:00-09:00 Operating day 2026-10-08", Describe(periods[8], Shanghai));
        Assert.Equal(9, periods.Count);
    }

    [Fact]
    public void Periods_HolidayWithReplacementPattern_RunsOnlyThoseShifts()
    {
        // A Sunday worked as a make-up day, day shift only.
        var shifts = new[] { Shift("day", "08:00", "20:00", DaysOfWeek.MondayToSaturday), Shift("night", "20:00", "08:00", DaysOfWeek.MondayToSaturday) };
        var sunday = Monday.AddDays(6);
        var makeUp = new Holiday(sunday, sunday, "Make-up working day", ["day"]);
        var calendar = Calendar(shifts, new ProductionDayRule(T("08:00")), holidays: [makeUp]);

        var periods = calendar.Periods(Cst(sunday, "08:00"), Cst(sunday, "08:00", addDays: 1));

        Assert.Equal(
            """
            08:00-20:00 Operating day 2026-06-07
            20:00-08:00 Holiday 2026-06-07 'Make-up working day'
            """.ReplaceLineEndings("\n"),
            Describe(periods));
    }

    [Fact]
    public void Periods_EmptyPattern_IsWholeNoShiftDays()
    {
        var calendar = Calendar([]);

        var periods = calendar.Periods(Cst(Monday, "06:00"), Cst(Monday, "06:00", addDays: 30)).ToList();

        Assert.Equal(30, periods.Count);
        Assert.All(periods, p => Assert.Equal((CalendarTimeKind.NoShift, TimeSpan.FromDays(1)), (p.Kind, p.End - p.Start)));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => Monday.AddDays(i)), periods.Select(p => p.ProductionDay));
    }

    [Fact]
    public void PeriodAt_AroundTheClock_IsOneOperatingShiftPerDayFromMidnight()
    {
        var calendar = new ShiftCalendar(ShiftCalendarDefinition.AroundTheClock(Shanghai));

        var period = calendar.PeriodAt(Cst(Monday, "13:37"));

        Assert.Equal(
            (CalendarTimeKind.Operating, ShiftCalendarDefinition.AroundTheClockShiftId, Monday, Cst(Monday, "00:00"), Cst(Monday, "00:00", addDays: 1)),
            (period.Kind, period.ShiftId, period.ProductionDay, period.Start, period.End));
    }

    [Fact]
    public void Periods_RangeInsideOnePeriod_IsThatPeriodClippedToTheRange()
    {
        var calendar = Calendar(ThreeShifts());
        var from = Cst(Monday, "07:00");
        var to = Cst(Monday, "08:00");

        var period = Assert.Single(calendar.Periods(from, to));

        Assert.Equal((from, to, "early"), (period.Start, period.End, period.ShiftId));
        Assert.Equal(TimeSpan.Zero, period.Start.Offset);
    }

    [Fact]
    public void Periods_EmptyOrBackwardRange_IsEmpty()
    {
        var calendar = Calendar(ThreeShifts());

        Assert.Empty(calendar.Periods(Cst(Monday, "07:00"), Cst(Monday, "07:00")));
        Assert.Empty(calendar.Periods(Cst(Monday, "08:00"), Cst(Monday, "07:00")));
    }

    [Fact]
    public void Periods_RandomRangesOverAMonthWithDst_AreContiguousMaximalAndAgreeWithPeriodAt()
    {
        var early = Shift("early", "06:00", "14:00", DaysOfWeek.MondayToFriday, Break("10:00", "10:20", "Break"));
        var late = Shift("late", "14:00", "22:00", DaysOfWeek.MondayToFriday, Break("18:00", "18:30", "Meal"));
        var night = Shift("night", "22:00", "06:00", DaysOfWeek.MondayToFriday, Break("02:00", "02:30", "Meal"));
        var saturday = Shift("saturday", "06:00", "12:00", DaysOfWeek.Saturday);
        var downtime = new[]
        {
            PlannedDowntime.Local(new DateTime(2026, 3, 11, 12, 0, 0), new DateTime(2026, 3, 11, 16, 0, 0), "Planned maintenance", Berlin),
            PlannedDowntime.Local(new DateTime(2026, 3, 21, 10, 0, 0), new DateTime(2026, 3, 21, 20, 0, 0), "Crane inspection", Berlin),
        };
        var holiday = new Holiday(new DateOnly(2026, 3, 19), "Plant holiday");
        var calendar = Calendar([early, late, night, saturday], new ProductionDayRule(T("06:00")), Berlin, downtime, [holiday]);
        var monthStart = Utc(2026, 3, 1, 0);
        var month = TimeSpan.FromDays(31);
        var random = new Random(20260329);

        for (var i = 0; i < 500; i++)
        {
            var from = monthStart + (month * random.NextDouble());
            var to = from + TimeSpan.FromHours(random.NextDouble() * (i % 10 == 0 ? 24 * 10 : 30));
            from = from.ToOffset(TimeSpan.FromHours(random.Next(-12, 13)));

            var periods = calendar.Periods(from, to).ToList();

            Assert.NotEmpty(periods);
            Assert.Equal(from, periods[0].Start);
            Assert.Equal(to, periods[^1].End);
            Assert.Equal(to - from, TimeSpan.FromTicks(periods.Sum(p => (p.End - p.Start).Ticks)));
            for (var k = 0; k < periods.Count; k++)
            {
                var p = periods[k];
                Assert.True(p.Start < p.End, $"empty period {p}");
                if (k > 0)
                {
                    Assert.Equal(periods[k - 1].End, p.Start);
                }

                foreach (var probe in new[] { p.Start, p.End.AddTicks(-1) })
                {
                    var at = calendar.PeriodAt(probe);
                    Assert.True(at.Start <= probe && probe < at.End, $"PeriodAt({probe:O}) = {at}");
                    Assert.Equal((p.Kind, p.ShiftId, p.ProductionDay, p.Label), (at.Kind, at.ShiftId, at.ProductionDay, at.Label));
                }
            }
        }

        // Maximal: neighbours that agree in everything meet only at a production-day boundary.
        var all = calendar.Periods(monthStart, monthStart + month).ToList();
        var dayStarts = Enumerable.Range(-1, 33)
            .Select(d => PlantTime.ToInstant(Berlin, new DateTime(2026, 3, 1, 6, 0, 0).AddDays(d)))
            .ToHashSet();
        for (var k = 1; k < all.Count; k++)
        {
            var (a, b) = (all[k - 1], all[k]);
            if ((a.Kind, a.ShiftId, a.ProductionDay, a.Label) == (b.Kind, b.ShiftId, b.ProductionDay, b.Label))
            {
                Assert.Contains(b.Start, dayStarts);
            }
        }

        Assert.Contains(all, p => p.Kind == CalendarTimeKind.Holiday);
        Assert.Contains(all, p => p.Kind == CalendarTimeKind.PlannedDowntime);
        Assert.Contains(all, p => p.Kind == CalendarTimeKind.Break);
    }

    [Fact]
    public void PeriodAt_CachedDay_AllocatesNothing()
    {
        var calendar = Calendar(ThreeShifts());
        var start = Cst(Monday, "06:00");
        for (var i = 0; i < 200; i++)
        {
            calendar.PeriodAt(start.AddMinutes(i * 7));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = 0;
        for (var i = 0; i < 10_000; i++)
        {
            count += calendar.PeriodAt(start.AddMinutes(i % 1400)).Kind == CalendarTimeKind.Operating ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(count > 0);
    }

    [Fact]
    public void Constructor_DuplicateShiftId_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Calendar([Shift("a", "06:00", "14:00"), Shift("a", "14:00", "22:00")]));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PlannedDowntimeNotEndingAfterStart_Throws()
    {
        var backwards = new PlannedDowntime(Cst(Monday, "10:00"), Cst(Monday, "09:00"), "Oops");

        Assert.Throws<ArgumentException>(() => Calendar(ThreeShifts(), downtime: [backwards]));
    }

    [Fact]
    public void PeriodAt_InstantOutsideSupportedYears_ThrowsArgumentOutOfRange()
    {
        var calendar = Calendar(ThreeShifts());

        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.PeriodAt(DateTimeOffset.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.PeriodAt(DateTimeOffset.MinValue));
    }
}
