using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Core.Shifts;
using static SmartShop.Core.Tests.Shifts.ShiftTestData;

namespace SmartShop.Core.Tests.Shifts;

public sealed class ShiftCalendarSetTests
{
    private static readonly DateOnly Saturday = Monday.AddDays(5);

    private static ShiftCalendarDefinition Site() => new(
        Shanghai,
        new ProductionDayRule(T("08:00")),
        [
            Shift("day", "08:00", "20:00", DaysOfWeek.MondayToSaturday, Break("12:00", "12:30", "Meal")),
            Shift("night", "20:00", "08:00", DaysOfWeek.MondayToSaturday, Break("00:00", "00:30", "Meal")),
        ],
        [new PlannedDowntime(Cst(Monday, "16:00"), Cst(Monday, "18:00"), "Site power test")],
        [new Holiday(Saturday, "Plant holiday")]);

    // Line 2 staggers its meal break; line 3 works the plant holiday on the day shift.
    private static readonly ShiftCalendarOverride Line2 = new(
        [
            Shift("day", "08:00", "20:00", DaysOfWeek.MondayToSaturday, Break("11:30", "12:00", "Meal")),
            Shift("night", "20:00", "08:00", DaysOfWeek.MondayToSaturday, Break("00:00", "00:30", "Meal")),
        ],
        [new PlannedDowntime(Cst(Monday, "09:00"), Cst(Monday, "10:00"), "Line 2 fixture change")],
        []);

    private static readonly ShiftCalendarOverride Line3 = new(null, [], [new Holiday(Saturday, Saturday, "Plant holiday, line 3 works", ["day"])]);

    private static readonly ShiftCalendarOverride AssemblyArea = new(null, [new PlannedDowntime(Cst(Monday, "14:00"), Cst(Monday, "15:00"), "Area audit")], []);

    private static ShiftCalendarSet Set() => new(
        new Dictionary<string, ShiftCalendarDefinition> { ["bj"] = Site() },
        new Dictionary<ShiftCalendarScope, ShiftCalendarOverride>
        {
            [new("bj", "assembly")] = AssemblyArea,
            [new("bj", "assembly", "line-2")] = Line2,
            [new("bj", "machining", "line-3")] = Line3,
        });

    [Fact]
    public void For_LineWithShiftOverride_UsesItsOwnBreaksAndAddsDowntimeToTheSitesAndAreas()
    {
        var line2 = Set().For("bj", "assembly", "line-2");

        Assert.Equal((CalendarTimeKind.Break, "Meal"), Of(line2.PeriodAt(Cst(Monday, "11:45"))));
        Assert.Equal((CalendarTimeKind.Operating, null), Of(line2.PeriodAt(Cst(Monday, "12:15"))));
        Assert.Equal((CalendarTimeKind.PlannedDowntime, "Line 2 fixture change"), Of(line2.PeriodAt(Cst(Monday, "09:30"))));
        Assert.Equal((CalendarTimeKind.PlannedDowntime, "Area audit"), Of(line2.PeriodAt(Cst(Monday, "14:30"))));
        Assert.Equal((CalendarTimeKind.PlannedDowntime, "Site power test"), Of(line2.PeriodAt(Cst(Monday, "17:00"))));
        Assert.Equal((CalendarTimeKind.Holiday, "Plant holiday"), Of(line2.PeriodAt(Cst(Saturday, "10:00"))));
    }

    [Fact]
    public void For_LineWithoutOverride_GetsItsAreasCalendarAndShareIt()
    {
        var set = Set();

        var line4 = set.For("bj", "assembly", "line-4");

        Assert.Same(set.For("bj", "assembly"), line4);
        Assert.Equal((CalendarTimeKind.Break, "Meal"), Of(line4.PeriodAt(Cst(Monday, "12:15"))));
        Assert.Equal((CalendarTimeKind.PlannedDowntime, "Area audit"), Of(line4.PeriodAt(Cst(Monday, "14:30"))));
        Assert.DoesNotContain(line4.Periods(Cst(Monday, "08:00"), Cst(Monday, "20:00")), p => p.Label == "Line 2 fixture change");
    }

    [Fact]
    public void For_AreaWithoutOverride_GetsTheSitesCalendar()
    {
        var set = Set();

        Assert.Same(set.For("bj"), set.For("bj", "machining", "line-1"));
        Assert.Same(set.For("bj"), set.For("bj", "machining"));
        Assert.Equal((CalendarTimeKind.Operating, null), Of(set.For("bj", "machining", "line-1").PeriodAt(Cst(Monday, "14:30"))));
    }

    [Fact]
    public void For_LineHolidayForSameDate_WinsOverTheSitesHoliday()
    {
        var line3 = Set().For("bj", "machining", "line-3");

        Assert.Equal((CalendarTimeKind.Operating, null), Of(line3.PeriodAt(Cst(Saturday, "10:00"))));
        Assert.Equal((CalendarTimeKind.Holiday, "Plant holiday, line 3 works"), Of(line3.PeriodAt(Cst(Saturday, "21:00"))));
    }

    [Fact]
    public void For_UnknownSite_ThrowsKeyNotFound()
    {
        Assert.Throws<KeyNotFoundException>(() => Set().For("sh"));
    }

    [Fact]
    public void Constructor_OverrideOfUnknownSite_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ShiftCalendarSet(
            new Dictionary<string, ShiftCalendarDefinition> { ["bj"] = Site() },
            new Dictionary<ShiftCalendarScope, ShiftCalendarOverride> { [new("sh", "a")] = Line3 }));
    }

    [Fact]
    public void PlantDefinition_CalendarForLineAndMachine_AppliesOverridesAndDefaultsTo24x7()
    {
        var type = new MachineType("press", "Press", StateModel.PackML, TimeSpan.FromSeconds(10), new Dictionary<int, string>());
        MachineDefinition Machine(string id) => new(id, id, type, OpcUaEndpoint.Parse("opc.tcp://127.0.0.1:4840"), SignalMap.Empty,
            type.StateModel, type.MicroStopThreshold, [], type.StopReasons);
        var plant = new PlantDefinition(
            new Enterprise("acme", "ACME"),
            [type],
            [
                new Site("bj", "Beijing", Shanghai, [new Area("assembly", "Assembly", [new Line("line-2", "Line 2", null, [], [Machine("l2-press")], Line2)])], Site()),
                new Site("de", "Berlin", Berlin, [new Area("de-a", "A", [new Line("de-1", "Line DE", null, [], [Machine("de-press")])])]),
            ]);

        Assert.Equal((CalendarTimeKind.Break, "Meal"), Of(plant.CalendarForLine("line-2")!.PeriodAt(Cst(Monday, "11:45"))));
        Assert.Same(plant.CalendarForLine("line-2"), plant.CalendarForMachine("l2-press"));
        var berlin = plant.CalendarForMachine("de-press")!;
        Assert.Equal("Europe/Berlin", berlin.TimeZoneId);
        Assert.Equal(ShiftCalendarDefinition.AroundTheClockShiftId, berlin.PeriodAt(Cst(Monday, "03:00")).ShiftId);
        Assert.Null(plant.CalendarForLine("nope"));
        Assert.Null(plant.CalendarForMachine("nope"));
    }

    [Fact]
    public void PlantDefinition_SiteCalendarInAnotherTimeZone_Throws()
    {
        var site = new Site("bj", "Beijing", Shanghai, [], Site() with { TimeZone = Berlin });

        Assert.Throws<ArgumentException>(() => new PlantDefinition(new Enterprise("acme", "ACME"), [], [site]));
    }

    private static (CalendarTimeKind, string?) Of(CalendarPeriod period) => (period.Kind, period.Label);
}
