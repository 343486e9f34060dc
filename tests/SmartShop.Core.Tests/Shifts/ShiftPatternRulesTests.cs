using SmartShop.Core.Shifts;
using static SmartShop.Core.Tests.Shifts.ShiftTestData;

namespace SmartShop.Core.Tests.Shifts;

public sealed class ShiftPatternRulesTests
{
    private static readonly ProductionDayRule At0600 = new(T("06:00"));

    [Fact]
    public void Overlaps_ThreeShiftPattern_None()
    {
        Assert.Empty(ShiftPatternRules.Overlaps(ThreeShifts(DaysOfWeek.Every), At0600, []));
    }

    [Fact]
    public void Overlaps_SameDayOverlap_ReportedOnce()
    {
        var shifts = new[] { Shift("early", "06:00", "14:00", DaysOfWeek.MondayToFriday), Shift("middle", "12:00", "20:00", DaysOfWeek.MondayToFriday) };

        var overlap = Assert.Single(ShiftPatternRules.Overlaps(shifts, At0600, []));

        Assert.Equal(("early", "middle", DayOfWeek.Monday), (overlap.First.Id, overlap.Second.Id, overlap.FirstDay.DayOfWeek));
        Assert.Null(overlap.Holiday);
    }

    [Fact]
    public void Overlaps_NightShiftRunningIntoNextDaysEarlyShift_Reported()
    {
        var shifts = new[] { Shift("early", "06:00", "14:00", DaysOfWeek.MondayToFriday), Shift("night", "22:00", "07:00", DaysOfWeek.MondayToFriday) };

        var overlap = Assert.Single(ShiftPatternRules.Overlaps(shifts, At0600, []));

        Assert.Equal(("night", "early"), (overlap.First.Id, overlap.Second.Id));
        Assert.Equal(overlap.FirstDay.AddDays(1), overlap.SecondDay);
    }

    [Fact]
    public void Overlaps_ShiftsOnDifferentDays_NotReported()
    {
        var shifts = new[] { Shift("weekday", "06:00", "14:00", DaysOfWeek.MondayToFriday), Shift("saturday", "06:00", "12:00", DaysOfWeek.Saturday) };

        Assert.Empty(ShiftPatternRules.Overlaps(shifts, At0600, []));
    }

    [Fact]
    public void Overlaps_HolidayReplacementClashingWithNextDay_ReportedWithTheHoliday()
    {
        // Sunday's replacement "long" shift (08:00 to 06:30 the next day) runs into Monday's early shift.
        var shifts = new[] { Shift("early", "06:00", "14:00", DaysOfWeek.MondayToFriday), Shift("long", "08:00", "06:30", DaysOfWeek.None) };
        var sunday = Monday.AddDays(6);
        var holiday = new Holiday(sunday, sunday, "Stocktaking", ["long"]);

        var overlap = Assert.Single(ShiftPatternRules.Overlaps(shifts, At0600, [holiday]));

        Assert.Equal(("long", sunday, "early", sunday.AddDays(1)), (overlap.First.Id, overlap.FirstDay, overlap.Second.Id, overlap.SecondDay));
        Assert.Same(holiday, overlap.Holiday);
    }

    [Theory]
    [InlineData("06:00", "14:00", "12:00", "12:30", true)]
    [InlineData("06:00", "14:00", "13:45", "14:15", false)]
    [InlineData("06:00", "14:00", "05:30", "06:15", false)]
    [InlineData("22:00", "06:00", "23:45", "00:15", true)]
    [InlineData("22:00", "06:00", "05:30", "06:00", true)]
    [InlineData("22:00", "06:00", "12:00", "12:30", false)]
    [InlineData("06:00", "14:00", "12:00", "12:00", false)]
    public void Locate_Break_IsInsideOnlyWhenWhollyWithinTheShift(string start, string end, string breakStart, string breakEnd, bool inside)
    {
        var shift = Shift("s", start, end);

        Assert.Equal(inside, shift.Locate(Break(breakStart, breakEnd)) is not null);
    }

    [Theory]
    [InlineData("06:00", "14:00", 8)]
    [InlineData("22:00", "06:00", 8)]
    [InlineData("08:00", "08:00", 24)]
    [InlineData("20:00", "00:00", 4)]
    public void NominalLength_ShiftTimes_WallClockHours(string start, string end, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), Shift("s", start, end).NominalLength);
    }
}
