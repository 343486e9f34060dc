using SmartShop.Server.Plant;

namespace SmartShop.Server.Tests.Plant;

/// <summary>
/// Plant files for tests that run on the wall clock (e.g. against a live plc-sim): the demo plant's calendar has no
/// shifts on Sundays and holidays and breaks every shift, so such a test would pass or fail by the hour it runs.
/// </summary>
internal static class PlantCalendarTestFiles
{
    /// <summary>The demo plant's text with every shiftCalendar section removed, so every line runs 24/7.</summary>
    public static string DemoAroundTheClock()
    {
        var file = PlantFileLocator.Find(PlantSetup.DefaultPlantFile, AppContext.BaseDirectory)
            ?? throw new FileNotFoundException("The demo plant file was not found above the test's directory.", PlantSetup.DefaultPlantFile);
        return WithoutShiftCalendars(File.ReadAllText(file));
    }

    /// <summary>
    /// <paramref name="yaml"/> without its <c>shiftCalendar:</c> blocks (block-style YAML: the key line and every line
    /// indented deeper than it, blank and comment lines included).
    /// </summary>
    public static string WithoutShiftCalendars(string yaml)
    {
        var kept = new List<string>();
        int? dropDeeperThan = null;
        foreach (var line in yaml.ReplaceLineEndings("\n").Split('\n'))
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            var blank = line.Trim().Length == 0;
            if (dropDeeperThan is { } depth && (blank || indent > depth))
            {
                continue;
            }

            dropDeeperThan = line.TrimStart(' ').StartsWith("shiftCalendar:", StringComparison.Ordinal) ? indent : null;
            if (dropDeeperThan is null)
            {
                kept.Add(line);
            }
        }

        return string.Join("\n", kept);
    }
}
