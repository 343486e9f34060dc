using SmartShop.Core.Shifts;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Tests.Plant;

public sealed class ShiftCalendarLoaderTests : IDisposable
{
    // Paths name the innermost list entry with an id only (see DocumentPath).
    private const string Site = "sites[0] (id 'bj').shiftCalendar";
    private const string SiteShifts = "sites[0].shiftCalendar.shifts";
    private const string Line2 = "sites[0].areas[0].lines[1] (id 'line-2').shiftCalendar";
    private const string Line2Shifts = "sites[0].areas[0].lines[1].shiftCalendar.shifts";

    // A Beijing calendar in the shape of the demo plant's; tests break it one rule at a time.
    private const string Calendar = """
        shiftCalendar:
          productionDay:
            start: "08:00"
            shiftsBelongTo: StartDay
          shifts:
            - id: day
              name: Day shift
              start: "08:00"
              end: "20:00"
              days: [Mon-Sat]
              breaks:
                - { start: "12:00", end: "12:30", label: Lunch }
            - id: night
              name: Night shift
              start: "20:00"
              end: "08:00"
              days: [Mon, Tue, Wednesday, thu, Fri, Sat]
              breaks:
                - { start: "00:00", end: "00:30", label: Midnight meal }
          plannedDowntime:
            - start: 2026-07-11T16:00
              end: 2026-07-12T00:00
              label: Electrical inspection
            - start: 2026-07-13T02:00Z
              end: 2026-07-13T04:00+00:00
              label: Absolute window
          holidays:
            - date: 2026-10-01
              through: 2026-10-07
              name: National Day
            - date: 2026-09-27
              name: Extra Sunday
              shifts: [day]
        """;

    private static readonly DateOnly Monday = new(2026, 6, 1);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private PlantLoadResult Load(string content, string fileName = "plant.yaml") =>
        PlantLoader.LoadFile(_dir.Write(fileName, content), fileName);

    private static string Indent(string text, int spaces) =>
        string.Concat(text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? "\n" : new string(' ', spaces) + l + "\n"));

    /// <summary>The minimal plant with <paramref name="calendar"/> under its site (and <paramref name="line2"/> under line-2).</summary>
    private static string Plant(string calendar = Calendar, string? line2 = null)
    {
        var yaml = PlantYaml.With("    timeZone: Asia/Shanghai\n", "    timeZone: Asia/Shanghai\n" + Indent(calendar, 4));
        return line2 is null ? yaml : PlantYaml.With("            name: Line 2\n", "            name: Line 2\n" + Indent(line2, 12), yaml);
    }

    private static DateTimeOffset Cst(DateOnly date, int hour, int minute = 0) =>
        new(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8));

    private static (CalendarTimeKind Kind, string? ShiftId, string? Label) Of(CalendarPeriod period) => (period.Kind, period.ShiftId, period.Label);

    private static PlantConfigurationError AssertError(PlantLoadResult result, string path, string message)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Plant);
        var error = result.Errors.FirstOrDefault(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(error is not null, $"expected an error at '{path}' containing '{message}'; got:\n{string.Join("\n", result.Errors)}");
        return error;
    }

    /// <summary>1-based line and column of the first occurrence of <paramref name="text"/> after <paramref name="after"/>.</summary>
    private static (int Line, int Column) Where(string yaml, string text, string? after = null)
    {
        var index = yaml.IndexOf(text, after is null ? 0 : yaml.IndexOf(after, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' not in the file");
        var lineStart = yaml.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        return (yaml[..index].Count(c => c == '\n') + 1, index - lineStart + 1);
    }

    [Fact]
    public void LoadFile_DemoPlant_BeijingCalendarWithLine2Override()
    {
        var file = PlantFileLocator.Find(PlantSetup.DefaultPlantFile, AppContext.BaseDirectory);
        Assert.NotNull(file);

        var result = PlantLoader.LoadFile(file);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var line1 = result.Plant.CalendarForLine("line-1")!;
        var line2 = result.Plant.CalendarForMachine("l2-leaktest")!;
        Assert.Equal("Asia/Shanghai", line1.TimeZoneId);
        Assert.Equal((CalendarTimeKind.Break, "day", "Lunch"), Of(line1.PeriodAt(Cst(Monday, 12, 15))));
        Assert.Equal((CalendarTimeKind.Operating, "day", null), Of(line2.PeriodAt(Cst(Monday, 12, 15))));
        Assert.Equal((CalendarTimeKind.Break, "day", "Lunch"), Of(line2.PeriodAt(Cst(Monday, 11, 45))));
        Assert.Equal(Monday, line1.PeriodAt(Cst(Monday.AddDays(1), 3)).ProductionDay);
        Assert.Equal((CalendarTimeKind.Operating, "day", null), Of(line1.PeriodAt(Cst(Monday.AddDays(6), 10)))); // machining runs every day
        Assert.Equal((CalendarTimeKind.NoShift, null, null), Of(line2.PeriodAt(Cst(Monday.AddDays(6), 10))));   // assembly rests on Sunday
        var saturday = new DateOnly(2026, 7, 11);
        Assert.Equal(CalendarTimeKind.PlannedDowntime, line2.PeriodAt(Cst(saturday, 17)).Kind);
        Assert.Equal((CalendarTimeKind.PlannedDowntime, "night"), (line2.PeriodAt(Cst(saturday, 21)).Kind, line2.PeriodAt(Cst(saturday, 21)).ShiftId));
        Assert.Equal((CalendarTimeKind.Holiday, null, "National Day Golden Week"), Of(line2.PeriodAt(Cst(new DateOnly(2026, 10, 3), 10))));
        // Spring Festival Eve: the day shift only.
        Assert.Equal((CalendarTimeKind.Operating, "day", null), Of(line1.PeriodAt(Cst(new DateOnly(2027, 2, 5), 10))));
        Assert.Equal(CalendarTimeKind.Holiday, line1.PeriodAt(Cst(new DateOnly(2027, 2, 5), 21)).Kind);
    }

    [Fact]
    public void LoadFile_NoCalendar_LinesRun24x7InTheSitesTimeZone()
    {
        var result = Load(PlantYaml.Minimal);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Null(result.Plant.Sites[0].ShiftCalendar);
        var period = result.Plant.CalendarForLine("line-1")!.PeriodAt(Cst(Monday, 3));
        Assert.Equal((CalendarTimeKind.Operating, ShiftCalendarDefinition.AroundTheClockShiftId, Monday), (period.Kind, period.ShiftId, period.ProductionDay));
        Assert.Equal((Cst(Monday, 0), Cst(Monday.AddDays(1), 0)), (period.Start, period.End));
        Assert.Equal("Asia/Shanghai", result.Plant.CalendarForLine("line-2")!.TimeZoneId);
    }

    [Fact]
    public void LoadFile_SiteCalendar_MapsPatternRuleDowntimeAndHolidays()
    {
        var result = Load(Plant());

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var calendar = result.Plant.Sites[0].ShiftCalendar!;
        Assert.Equal(new ProductionDayRule(new TimeOnly(8, 0), ShiftDayAssignment.StartDay), calendar.ProductionDay);
        Assert.Equal(["day", "night"], calendar.Shifts.Select(s => s.Id));
        Assert.All(calendar.Shifts, s => Assert.Equal(DaysOfWeek.MondayToSaturday, s.Days));
        Assert.Equal(new ShiftBreak(new TimeOnly(0, 0), new TimeOnly(0, 30), "Midnight meal"), Assert.Single(calendar.Shifts[1].Breaks));
        Assert.Equal(
            [
                new PlannedDowntime(new DateTimeOffset(2026, 7, 11, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 11, 16, 0, 0, TimeSpan.Zero), "Electrical inspection"),
                new PlannedDowntime(new DateTimeOffset(2026, 7, 13, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 13, 4, 0, 0, TimeSpan.Zero), "Absolute window"),
            ],
            calendar.PlannedDowntime);
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7), "National Day"), (calendar.Holidays[0].From, calendar.Holidays[0].Through, calendar.Holidays[0].Name));
        Assert.Equal(["day"], calendar.Holidays[1].ShiftIds);
        Assert.Same(result.Plant.CalendarForLine("line-1"), result.Plant.CalendarForLine("line-2"));
    }

    [Fact]
    public void LoadFile_LineOverride_ReplacesPatternAndAddsDowntimeAndHolidays()
    {
        const string Override = """
            shiftCalendar:
              shifts:
                - { id: day, name: Day shift, start: "08:00", end: "20:00", days: [Mon-Fri], breaks: [{ start: "11:30", end: "12:00", label: Lunch }] }
              plannedDowntime:
                - { start: 2026-06-01T09:00, end: 2026-06-01T10:00, label: Fixture change }
              holidays:
                - { date: 2026-10-01, name: Line 2 works National Day, shifts: [day] }
            """;

        var result = Load(Plant(line2: Override));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var line1 = result.Plant.CalendarForLine("line-1")!;
        var line2 = result.Plant.CalendarForLine("line-2")!;
        Assert.Equal((CalendarTimeKind.Break, "day", "Lunch"), Of(line2.PeriodAt(Cst(Monday, 11, 45))));
        Assert.Equal((CalendarTimeKind.PlannedDowntime, "day", "Fixture change"), Of(line2.PeriodAt(Cst(Monday, 9, 30))));
        Assert.Equal(CalendarTimeKind.NoShift, line2.PeriodAt(Cst(Monday, 21)).Kind);
        // The site's Saturday inspection is outside line 2's (Monday-Friday) shifts: not planned time at all.
        Assert.Equal(CalendarTimeKind.NoShift, line2.PeriodAt(Cst(new DateOnly(2026, 7, 11), 17)).Kind);
        Assert.Equal(CalendarTimeKind.PlannedDowntime, line1.PeriodAt(Cst(new DateOnly(2026, 7, 11), 17)).Kind);
        Assert.Equal((CalendarTimeKind.Operating, "day", null), Of(line2.PeriodAt(Cst(new DateOnly(2026, 10, 1), 10))));
        Assert.Equal((CalendarTimeKind.Holiday, null, "National Day"), Of(line2.PeriodAt(Cst(new DateOnly(2026, 10, 2), 10))));
        Assert.Equal((CalendarTimeKind.Operating, "night", null), Of(line1.PeriodAt(Cst(Monday, 21))));
    }

    [Fact]
    public void LoadFile_AreaOverride_AppliesToItsLines()
    {
        var yaml = PlantYaml.With("        name: Machining\n", "        name: Machining\n" + Indent("""
            shiftCalendar:
              holidays:
                - { date: 2026-06-01, name: Machining stocktake }
            """, 8));

        var result = Load(yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal((CalendarTimeKind.Holiday, null, "Machining stocktake"), Of(result.Plant.CalendarForLine("line-2")!.PeriodAt(Cst(Monday, 10))));
        Assert.NotNull(result.Plant.Areas.Single().ShiftCalendar);
    }

    [Fact]
    public void LoadFile_JsonCalendar_LoadsLikeYaml()
    {
        const string Json = """
            {
              "enterprise": { "id": "acme", "name": "ACME" },
              "machineTypes": [ { "id": "press", "name": "Press", "stateModel": "PackML", "microStopThresholdSeconds": 10 } ],
              "sites": [ { "id": "de", "name": "Berlin", "timeZone": "Europe/Berlin",
                "shiftCalendar": {
                  "productionDay": { "start": "06:00" },
                  "shifts": [ { "id": "night", "name": "Night", "start": "22:00", "end": "06:00", "days": ["Mon-Fri"] } ]
                },
                "areas": [ { "id": "a", "name": "A", "lines": [ { "id": "l", "name": "L", "machines": [
                  { "id": "m", "name": "M", "type": "press", "endpoint": "opc.tcp://127.0.0.1:4840" } ] } ] } ] } ]
            }
            """;

        var result = Load(Json, "plant.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var calendar = result.Plant.CalendarForMachine("m")!;
        var fridayNight = calendar.Periods(new DateTimeOffset(2026, 10, 23, 20, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 24, 5, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(8), TimeSpan.FromTicks(fridayNight.Where(p => p.ShiftId == "night").Sum(p => (p.End - p.Start).Ticks)));
    }

    [Fact]
    public void LoadFile_MisspeltCalendarKey_ReportsUnknownKeyWithSuggestionAndPosition()
    {
        var yaml = Plant(Calendar.Replace("  holidays:", "  holidys:", StringComparison.Ordinal));

        var result = Load(yaml);

        var error = AssertError(result, $"{Site}.holidys", "unknown key 'holidys'; did you mean 'holidays'?");
        Assert.Equal(Where(yaml, "holidys:"), (error.Line!.Value, error.Column!.Value));
    }

    [Theory]
    [InlineData("6:00", "'6:00' is not a time of day; expected HH:mm")]
    [InlineData("08:00:00", "'08:00:00' is not a time of day")]
    [InlineData("24:00", "write 00:00 for midnight")]
    [InlineData("eight", "'eight' is not a time of day")]
    public void LoadFile_MalformedShiftTime_ReportsTheTime(string time, string message)
    {
        var yaml = Plant(Calendar.Replace("end: \"20:00\"", $"end: \"{time}\"", StringComparison.Ordinal));

        var result = Load(yaml);

        var error = AssertError(result, $"{SiteShifts}[0] (id 'day').end", message);
        Assert.Equal(Where(yaml, $"\"{time}\""), (error.Line!.Value, error.Column!.Value));
    }

    [Fact]
    public void LoadFile_UnknownWeekday_ReportsItemWithSuggestion()
    {
        var yaml = Plant(Calendar.Replace("Wednesday, thu", "Wednsday, thu", StringComparison.Ordinal));

        var result = Load(yaml);

        var error = AssertError(result, $"{SiteShifts}[1] (id 'night').days[2]", "unknown weekday 'Wednsday'; did you mean 'Wednesday'?");
        Assert.Equal(Where(yaml, "Wednsday"), (error.Line!.Value, error.Column!.Value));
    }

    [Fact]
    public void LoadFile_OverlappingShifts_ReportsTheLaterShift()
    {
        var yaml = Plant(Calendar.Replace("start: \"20:00\"\n      end: \"08:00\"", "start: \"19:00\"\n      end: \"08:00\"", StringComparison.Ordinal));

        var result = Load(yaml);

        AssertError(result, $"{SiteShifts}[1] (id 'night').start", "shift 'night' (19:00-08:00) of Monday's production day overlaps shift 'day' (08:00-20:00) of Monday's");
    }

    [Fact]
    public void LoadFile_NightShiftRunningIntoNextDayShift_ReportsOverlap()
    {
        var yaml = Plant(Calendar.Replace("start: \"20:00\"\n      end: \"08:00\"", "start: \"20:00\"\n      end: \"09:00\"", StringComparison.Ordinal));

        var result = Load(yaml);

        AssertError(result, $"{SiteShifts}[0] (id 'day').start", "shift 'day' (08:00-20:00) of Tuesday's production day overlaps shift 'night' (20:00-09:00) of Monday's");
    }

    [Fact]
    public void LoadFile_BreakOutsideItsShift_ReportsBreak()
    {
        var yaml = Plant(Calendar.Replace("{ start: \"12:00\", end: \"12:30\", label: Lunch }", "{ start: \"19:45\", end: \"20:15\", label: Lunch }", StringComparison.Ordinal));

        var result = Load(yaml);

        AssertError(result, $"{SiteShifts}[0] (id 'day').breaks[0].start", "the break 19:45-20:15 is not inside its shift (08:00-20:00)");
    }

    [Fact]
    public void LoadFile_OverlappingBreaks_ReportsSecondBreak()
    {
        var yaml = Plant(Calendar.Replace(
            "- { start: \"12:00\", end: \"12:30\", label: Lunch }",
            "- { start: \"12:00\", end: \"12:30\", label: Lunch }\n        - { start: \"12:15\", end: \"12:45\", label: Tea }",
            StringComparison.Ordinal));

        var result = Load(yaml);

        AssertError(result, $"{SiteShifts}[0] (id 'day').breaks[1].start", $"overlaps the break at {SiteShifts}[0] (id 'day').breaks[0]");
    }

    [Fact]
    public void LoadFile_DowntimeEndingBeforeItStarts_ReportsEnd()
    {
        var yaml = Plant(Calendar.Replace("end: 2026-07-12T00:00", "end: 2026-07-11T15:00", StringComparison.Ordinal));

        var result = Load(yaml);

        var error = AssertError(result, $"{Site}.plannedDowntime[0].end", "end 2026-07-11T15:00 is not after start 2026-07-11T16:00 (in Asia/Shanghai)");
        Assert.Equal(Where(yaml, "2026-07-11T15:00"), (error.Line!.Value, error.Column!.Value));
    }

    [Fact]
    public void LoadFile_MalformedDowntimeAndDates_ReportsEach()
    {
        var yaml = Plant(Calendar
            .Replace("start: 2026-07-11T16:00", "start: 2026-07-11 16:00", StringComparison.Ordinal)
            .Replace("date: 2026-09-27", "date: 27.09.2026", StringComparison.Ordinal)
            .Replace("through: 2026-10-07", "through: 2026-09-30", StringComparison.Ordinal));

        var result = Load(yaml);

        AssertError(result, $"{Site}.plannedDowntime[0].start", "'2026-07-11 16:00' is not a date and time; expected yyyy-MM-ddTHH:mm");
        AssertError(result, $"{Site}.holidays[1].date", "'27.09.2026' is not a date; expected yyyy-MM-dd");
        AssertError(result, $"{Site}.holidays[0].through", "through 2026-09-30 is before date 2026-10-01");
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void LoadFile_HolidayDatesTwiceInOneCalendar_ReportsTheLaterEntry()
    {
        var yaml = Plant(Calendar.Replace("date: 2026-09-27", "date: 2026-10-03", StringComparison.Ordinal));

        var result = Load(yaml);

        AssertError(result, $"{Site}.holidays[1].date", $"2026-10-03 is already a holiday at {Site}.holidays[0]");
    }

    [Fact]
    public void LoadFile_HolidayRunsUnknownShift_ReportsItemWithSuggestion()
    {
        var yaml = Plant(Calendar.Replace("shifts: [day]", "shifts: [dya]", StringComparison.Ordinal));

        var result = Load(yaml);

        var error = AssertError(result, $"{Site}.holidays[1].shifts[0]", "unknown shift 'dya'; did you mean 'day'?");
        Assert.Equal(Where(yaml, "dya"), (error.Line!.Value, error.Column!.Value));
    }

    [Fact]
    public void LoadFile_LineReplacesPatternWithoutShiftAnInheritedHolidayRuns_ReportsLineShifts()
    {
        const string Override = """
            shiftCalendar:
              shifts:
                - { id: early, name: Early, start: "06:00", end: "14:00", days: [Mon-Fri] }
            """;

        var result = Load(Plant(line2: Override));

        AssertError(result, $"{Line2}.shifts", "this pattern has no shift 'day', which the inherited holiday 'Extra Sunday' (2026-09-27) runs");
    }

    [Fact]
    public void LoadFile_MisspeltHolidayShiftAndLinePatternWithoutIt_ReportsOnlyTheMisspelling()
    {
        const string Override = """
            shiftCalendar:
              shifts:
                - { id: early, name: Early, start: "06:00", end: "14:00", days: [Mon-Fri] }
            """;

        var result = Load(Plant(Calendar.Replace("shifts: [day]", "shifts: [dya]", StringComparison.Ordinal), Override));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"{Site}.holidays[1].shifts[0]", error.Path);
    }

    [Fact]
    public void LoadFile_ProductionDayInLineOverride_ReportsItBelongsToTheSite()
    {
        var result = Load(Plant(line2: "shiftCalendar:\n  productionDay: { start: \"06:00\" }\n"));

        AssertError(result, $"{Line2}.productionDay", "the production day is set once, in the site's shiftCalendar");
    }

    [Fact]
    public void LoadFile_UnknownShiftAssignment_ListsTheValues()
    {
        var result = Load(Plant(Calendar.Replace("shiftsBelongTo: StartDay", "shiftsBelongTo: startday", StringComparison.Ordinal)));

        AssertError(result, $"{Site}.productionDay.shiftsBelongTo", "unknown value 'startday'; expected StartDay, EndDay, Majority");
    }

    [Fact]
    public void LoadFile_SiteCalendarWithoutShifts_ReportsMissingShifts()
    {
        var result = Load(Plant("shiftCalendar:\n  holidays: []\n"));

        AssertError(result, Site + ".shifts", "required key 'shifts' is missing");
    }

    [Fact]
    public void LoadFile_EmptyPattern_LoadsAsNoShiftsEver()
    {
        var result = Load(Plant("shiftCalendar:\n  shifts: []\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(CalendarTimeKind.NoShift, result.Plant.CalendarForLine("line-1")!.PeriodAt(Cst(Monday, 10)).Kind);
    }

    [Fact]
    public void LoadFile_UnknownTimeZoneWithCalendar_ReportsOnlyTheTimeZone()
    {
        var result = Load(Plant().Replace("timeZone: Asia/Shanghai", "timeZone: Asia/Beijing", StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal("sites[0] (id 'bj').timeZone", error.Path);
        Assert.Null(result.Plant);
    }

    [Fact]
    public void LoadFile_SeveralCalendarProblems_ReportsEveryOneInFileOrderAndNoPlant()
    {
        var yaml = Plant(
            Calendar
                .Replace("start: \"08:00\"\n    shiftsBelongTo", "start: \"8am\"\n    shiftsBelongTo", StringComparison.Ordinal)
                .Replace("days: [Mon-Sat]", "days: [Mon-Sun-Fri]", StringComparison.Ordinal)
                .Replace("label: Absolute window", "label: \"\"", StringComparison.Ordinal),
            line2: "shiftCalendar:\n  shifts:\n    - { id: x, name: X, start: \"06:00\", end: \"06:00\", days: [Funday] }\n");

        var result = Load(yaml);

        Assert.Null(result.Plant);
        Assert.Equal(
            [
                $"{Site}.productionDay.start",
                $"{SiteShifts}[0] (id 'day').days[0]",
                $"{Site}.plannedDowntime[1].label",
                $"{Line2Shifts}[0] (id 'x').days[0]",
            ],
            result.Errors.Select(e => e.Path));
        Assert.Equal(result.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column), result.Errors);
    }

    [Fact]
    public void DemoAroundTheClock_DemoWithoutCalendars_LoadsWithEveryLine24x7()
    {
        var result = PlantLoader.Parse(PlantCalendarTestFiles.DemoAroundTheClock(), PlantFileFormat.Yaml, "demo-24x7.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(8, result.Plant.Machines.Count);
        Assert.Null(result.Plant.Sites[0].ShiftCalendar);
        Assert.All(result.Plant.Lines, line => Assert.Null(line.ShiftCalendar));
        var sunday = Monday.AddDays(6);
        Assert.Equal(ShiftCalendarDefinition.AroundTheClockShiftId, result.Plant.CalendarForLine("line-2")!.PeriodAt(Cst(sunday, 12, 15)).ShiftId);
    }

    [Fact]
    public void Validate_DemoPlant_PrintsTheCalendars()
    {
        var file = PlantFileLocator.Find(PlantSetup.DefaultPlantFile, AppContext.BaseDirectory)!;
        var output = new StringWriter();

        var exitCode = PlantCli.Validate(file, output, new StringWriter());

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(
            "  shift calendar of site bj (Asia/Shanghai): shifts day 08:00-20:00 daily (break 12:00-12:30), night 20:00-08:00 daily (break 00:00-00:30); "
                + "production day from 08:00, a shift counts on the day it starts; 1 planned downtime window; 2 holidays (8 days)",
            lines[1],
            StringComparison.Ordinal);
        Assert.Equal("    line line-2 overrides it: own shifts day 08:00-20:00 Mon-Sat (break 11:30-12:00), night 20:00-08:00 Mon-Sat (break 23:30-00:00)", lines[2]);
    }

    [Fact]
    public void Validate_PlantWithoutCalendar_SaysItRuns24x7()
    {
        var output = new StringWriter();

        PlantCli.Validate(_dir.Write("plant.yaml", PlantYaml.Minimal), output, new StringWriter());

        Assert.Contains("  shift calendar of site bj (Asia/Shanghai): none configured, so 24/7 operating", output.ToString(), StringComparison.Ordinal);
    }
}
