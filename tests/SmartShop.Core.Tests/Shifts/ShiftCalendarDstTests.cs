using SmartShop.Core.Shifts;
using static SmartShop.Core.Tests.Shifts.ShiftTestData;

namespace SmartShop.Core.Tests.Shifts;

/// <summary>Europe/Berlin: clocks go forward 2026-03-29 02:00 CET -> 03:00 CEST and back 2026-10-25 03:00 CEST -> 02:00 CET.</summary>
public sealed class ShiftCalendarDstTests
{
    private static ShiftCalendar NightShifts() =>
        Calendar([Shift("night", "22:00", "06:00", DaysOfWeek.Every, Break("02:00", "02:30", "Meal"))], new ProductionDayRule(T("06:00")), Berlin);

    [Fact]
    public void PeriodAt_NightClocksGoForward_NightShiftIsSevenHours()
    {
        var calendar = NightShifts();

        var periods = calendar.Periods(Utc(2026, 3, 28, 21), Utc(2026, 3, 29, 4)).ToList();

        Assert.All(periods, p => Assert.Equal(("night", new DateOnly(2026, 3, 28)), (p.ShiftId, p.ProductionDay)));
        Assert.Equal(TimeSpan.FromHours(7), periods[^1].End - periods[0].Start);
        Assert.Equal(Utc(2026, 3, 28, 21), calendar.PeriodAt(Utc(2026, 3, 28, 21)).Start); // 22:00 CET
        Assert.Equal(CalendarTimeKind.NoShift, calendar.PeriodAt(Utc(2026, 3, 29, 4)).Kind); // 06:00 CEST
    }

    [Fact]
    public void PeriodAt_NightClocksGoBack_NightShiftIsNineHours()
    {
        var calendar = NightShifts();

        var periods = calendar.Periods(Utc(2026, 10, 24, 20), Utc(2026, 10, 25, 5)).ToList();

        Assert.All(periods, p => Assert.Equal(("night", new DateOnly(2026, 10, 24)), (p.ShiftId, p.ProductionDay)));
        Assert.Equal(TimeSpan.FromHours(9), periods[^1].End - periods[0].Start);
        Assert.Equal(Utc(2026, 10, 24, 20), calendar.PeriodAt(Utc(2026, 10, 24, 20)).Start); // 22:00 CEST
        Assert.Equal(Utc(2026, 10, 25, 5), calendar.PeriodAt(Utc(2026, 10, 25, 4, 59)).End); // 06:00 CET
    }

    [Fact]
    public void PeriodAt_BreakInTheSkippedHour_MapsForwardToTheEndOfTheGap()
    {
        // 02:00-02:30 does not exist on 29 March: both ends map to 03:00 CEST, so the break vanishes.
        var calendar = NightShifts();

        var periods = calendar.Periods(Utc(2026, 3, 28, 21), Utc(2026, 3, 29, 4)).ToList();

        Assert.DoesNotContain(periods, p => p.Kind == CalendarTimeKind.Break);
        Assert.Equal(CalendarTimeKind.Operating, Assert.Single(periods).Kind);
    }

    [Fact]
    public void PeriodAt_BreakInTheRepeatedHour_TakesTheFirstOccurrence()
    {
        // 02:00-02:30 happens twice on 25 October; the break is the first (daylight, UTC+2) one.
        var calendar = NightShifts();

        var period = calendar.PeriodAt(Utc(2026, 10, 25, 0, 10));

        Assert.Equal((CalendarTimeKind.Break, "Meal"), (period.Kind, period.Label));
        Assert.Equal((Utc(2026, 10, 25, 0), Utc(2026, 10, 25, 0, 30)), (period.Start, period.End));
        Assert.Equal(CalendarTimeKind.Operating, calendar.PeriodAt(Utc(2026, 10, 25, 1, 10)).Kind); // second 02:10
    }

    [Fact]
    public void PeriodAt_ShiftStartingInTheSkippedHour_StartsWhenTheClockReaches0300()
    {
        var calendar = Calendar([Shift("odd", "02:30", "10:30")], new ProductionDayRule(TimeOnly.MinValue), Berlin);

        var period = calendar.PeriodAt(Utc(2026, 3, 29, 2));

        Assert.Equal("odd", period.ShiftId);
        Assert.Equal(Utc(2026, 3, 29, 1), period.Start); // 03:00 CEST
        Assert.Equal(Utc(2026, 3, 29, 8, 30), period.End); // 10:30 CEST
    }

    [Fact]
    public void Periods_ProductionDaysAroundDst_Are23And25HoursLong()
    {
        var calendar = Calendar([], new ProductionDayRule(T("06:00")), Berlin);

        var spring = calendar.PeriodAt(Utc(2026, 3, 28, 12));
        var autumn = calendar.PeriodAt(Utc(2026, 10, 24, 12));

        Assert.Equal((new DateOnly(2026, 3, 28), TimeSpan.FromHours(23)), (spring.ProductionDay, spring.End - spring.Start));
        Assert.Equal((new DateOnly(2026, 10, 24), TimeSpan.FromHours(25)), (autumn.ProductionDay, autumn.End - autumn.Start));
    }

    [Fact]
    public void Periods_ProductionDayStartingInTheRepeatedHour_SecondOccurrenceBelongsToTheNewDay()
    {
        // The day starts at 02:30, the first 02:30 on 25 October; the second 02:10 (01:10 UTC) is after it.
        var calendar = Calendar([], new ProductionDayRule(T("02:30")), Berlin);

        Assert.Equal(new DateOnly(2026, 10, 25), calendar.PeriodAt(Utc(2026, 10, 25, 1, 10)).ProductionDay);
        Assert.Equal(new DateOnly(2026, 10, 24), calendar.PeriodAt(Utc(2026, 10, 25, 0, 29)).ProductionDay);
        Assert.Equal(Utc(2026, 10, 25, 0, 30), calendar.PeriodAt(Utc(2026, 10, 25, 1, 10)).Start);
    }
}
