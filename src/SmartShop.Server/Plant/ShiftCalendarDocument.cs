namespace SmartShop.Server.Plant;

// The shiftCalendar section of the plant file, as written (see PlantDocument.cs for the conventions). The same shape
// serves a site's calendar and an area's or line's override; the validator rejects productionDay in an override.
// Times of day are text "HH:mm" in the site's time zone, dates "yyyy-MM-dd", date-times "yyyy-MM-ddTHH:mm" (plant
// time) or with "Z" or an offset such as "+08:00" (an absolute instant).

internal sealed class ShiftCalendarDocument : DocumentObject
{
    /// <summary>Site only.</summary>
    public ProductionDayDocument? ProductionDay { get; set; }

    /// <summary>The weekly pattern; in an override it replaces the inherited one.</summary>
    public List<ShiftDocument>? Shifts { get; set; }

    /// <summary>Added to the inherited windows.</summary>
    public List<PlannedDowntimeDocument>? PlannedDowntime { get; set; }

    /// <summary>Added to the inherited holidays; for a date both name, the more specific one wins.</summary>
    public List<HolidayDocument>? Holidays { get; set; }
}

internal sealed class ProductionDayDocument : DocumentObject
{
    /// <summary>"HH:mm": when each production day starts.</summary>
    public string? Start { get; set; }

    /// <summary>StartDay (default), EndDay or Majority.</summary>
    public string? ShiftsBelongTo { get; set; }
}

internal sealed class ShiftDocument : DocumentObject
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Start { get; set; }

    /// <summary>At or before start: the shift ends the next day.</summary>
    public string? End { get; set; }

    /// <summary>Production days: Mon..Sun, Monday..Sunday, or ranges such as Mon-Sat; every day when missing.</summary>
    public List<DocumentText>? Days { get; set; }

    public List<BreakDocument>? Breaks { get; set; }
}

internal sealed class BreakDocument : DocumentObject
{
    public string? Start { get; set; }

    public string? End { get; set; }

    public string? Label { get; set; }
}

internal sealed class PlannedDowntimeDocument : DocumentObject
{
    public string? Start { get; set; }

    public string? End { get; set; }

    public string? Label { get; set; }
}

internal sealed class HolidayDocument : DocumentObject
{
    public string? Date { get; set; }

    /// <summary>Last day of a range (inclusive); a single day when missing.</summary>
    public string? Through { get; set; }

    public string? Name { get; set; }

    /// <summary>A replacement pattern: ids of the calendar's shifts that run on these days; none when missing.</summary>
    public List<DocumentText>? Shifts { get; set; }
}

/// <summary>A text list item with its own position, so a problem with one item points at it.</summary>
internal sealed record DocumentText(string Text, SourcePosition Position);
