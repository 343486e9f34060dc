using System.Globalization;
using System.Text.RegularExpressions;
using SmartShop.Core.Shifts;

namespace SmartShop.Server.Plant;

// The shiftCalendar sections: a site's calendar, and areas' and lines' overrides checked against the calendar they
// inherit (a replaced pattern must still have the shifts inherited holidays run; holidays must not make shifts overlap).
internal sealed partial class PlantDocumentValidator
{
    private const string TimeHint = "HH:mm, 24-hour, e.g. 06:00";
    private const string DateHint = "yyyy-MM-dd, e.g. 2026-10-01";
    private const int MaxHolidayDays = 366;

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
    private static readonly string[] AbsoluteFormats =
        ["yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    private static readonly Dictionary<string, DayOfWeek> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday, ["Monday"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday, ["Tuesday"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday, ["Wednesday"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday, ["Thursday"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday, ["Friday"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday, ["Saturday"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday, ["Sunday"] = DayOfWeek.Sunday,
    };

    // Which document each validated shift came from, to place problems found on the domain objects.
    private readonly Dictionary<ShiftDefinition, ShiftDocument> _shiftDocuments = new(ReferenceEqualityComparer.Instance);

    /// <summary>The calendar in force at one level of the hierarchy, handed down to check the overrides below it.</summary>
    /// <param name="Zone">Null when the site's time zone is invalid (already reported).</param>
    /// <param name="Shifts">The pattern in force; null when it has errors (already reported): nothing is checked against it.</param>
    /// <param name="Holidays">Every holiday so far, site first; later entries win for a date.</param>
    private sealed record CalendarScope(TimeZoneInfo? Zone, ProductionDayRule Rule, IReadOnlyList<ShiftDefinition>? Shifts, IReadOnlyList<Holiday> Holidays);

    private (ShiftCalendarDefinition? Definition, CalendarScope Scope) SiteCalendar(ShiftCalendarDocument? document, TimeZoneInfo? zone)
    {
        if (document is null)
        {
            // No calendar: the site runs 24/7 (PlantDefinition compiles ShiftCalendarDefinition.AroundTheClock).
            var aroundTheClock = ShiftCalendarDefinition.AroundTheClock(zone ?? TimeZoneInfo.Utc);
            return (null, new CalendarScope(zone, aroundTheClock.ProductionDay, aroundTheClock.Shifts, []));
        }

        var before = _errorCount;
        var rule = ProductionDay(document.ProductionDay);
        List<ShiftDefinition>? shifts = null;
        if (document.Shifts is null)
        {
            Required(document, "shifts", null, "the weekly shift pattern; [] for a site that never works");
        }
        else
        {
            shifts = Shifts(document.Shifts);
        }

        var downtime = PlannedDowntime(document.PlannedDowntime, zone);
        var holidays = Holidays(document.Holidays);
        var scope = new CalendarScope(zone, rule ?? ProductionDayRule.Midnight, shifts, [.. holidays.Select(h => h.Holiday)]);
        CheckAgainstPattern(document, scope, ownsShifts: true, holidays, inheritedShifts: null);

        return _errorCount == before && zone is not null && rule is not null && shifts is not null && downtime is not null
            ? (new ShiftCalendarDefinition(zone, rule, shifts, downtime, scope.Holidays), scope)
            : (null, scope);
    }

    private (ShiftCalendarOverride? Override, CalendarScope Scope) OverrideCalendar(ShiftCalendarDocument? document, CalendarScope inherited)
    {
        if (document is null)
        {
            return (null, inherited);
        }

        var before = _errorCount;
        if (document.ValuePositions.ContainsKey("productionDay"))
        {
            Report(document, "productionDay",
                "the production day is set once, in the site's shiftCalendar: areas and lines share it so that their figures add up per day");
        }

        var ownsShifts = document.ValuePositions.ContainsKey("shifts");
        List<ShiftDefinition>? shifts = null;
        if (document.Shifts is not null)
        {
            shifts = Shifts(document.Shifts);
        }
        else if (ownsShifts)
        {
            Required(document, "shifts", null, "a pattern replacing the inherited one; leave the key out to keep it");
        }

        var downtime = PlannedDowntime(document.PlannedDowntime, inherited.Zone);
        var holidays = Holidays(document.Holidays);
        var scope = inherited with
        {
            Shifts = ownsShifts ? shifts : inherited.Shifts,
            Holidays = [.. inherited.Holidays, .. holidays.Select(h => h.Holiday)],
        };
        CheckAgainstPattern(document, scope, ownsShifts, holidays, inherited.Shifts);

        return _errorCount == before && downtime is not null && (!ownsShifts || shifts is not null)
            ? (new ShiftCalendarOverride(ownsShifts ? shifts : null, downtime, [.. holidays.Select(h => h.Holiday)]), scope)
            : (null, scope);
    }

    private ProductionDayRule? ProductionDay(ProductionDayDocument? document)
    {
        if (document is null)
        {
            return ProductionDayRule.Midnight;
        }

        var start = TimeOfDay(document, "start", document.Start, $"when each production day starts, {TimeHint}");
        var assignment = ShiftDayAssignment.StartDay;
        var assignmentValid = true;
        if (document.ShiftsBelongTo is { } text)
        {
            // Exact names only: Enum.TryParse would also accept numbers and other casings.
            var names = Enum.GetNames<ShiftDayAssignment>();
            if (names.Contains(text, StringComparer.Ordinal))
            {
                assignment = Enum.Parse<ShiftDayAssignment>(text);
            }
            else
            {
                Report(document, "shiftsBelongTo", $"unknown value '{text}'; expected {string.Join(", ", names)}");
                assignmentValid = false;
            }
        }
        else if (document.FailedKeys.Contains("shiftsBelongTo"))
        {
            assignmentValid = false;
        }

        return start is { } value && assignmentValid ? new ProductionDayRule(value, assignment) : null;
    }

    private List<ShiftDefinition>? Shifts(List<ShiftDocument> documents)
    {
        var before = _errorCount;
        var ids = new Dictionary<string, DocumentPath>(StringComparer.Ordinal);
        var result = new List<ShiftDefinition>();
        foreach (var document in documents)
        {
            var id = Id(document, document.Id, "shift", ids);
            var name = Required(document, "name", document.Name);
            var start = TimeOfDay(document, "start", document.Start, TimeHint);
            var end = TimeOfDay(document, "end", document.End, $"{TimeHint}; at or before start means the next day");
            var days = Days(document);
            var breaks = Breaks(document, start, end);
            if (id is not null && name is not null && start is not null && end is not null && days is not null && breaks is not null)
            {
                var shift = new ShiftDefinition(id, name, start.Value, end.Value, days.Value, breaks);
                _shiftDocuments[shift] = document;
                result.Add(shift);
            }
        }

        return _errorCount == before ? result : null;
    }

    private DaysOfWeek? Days(ShiftDocument shift)
    {
        if (shift.Days is null)
        {
            return shift.FailedKeys.Contains("days") ? null : DaysOfWeek.Every;
        }

        var days = DaysOfWeek.None;
        var valid = true;
        var path = shift.Path.Property("days");
        for (var i = 0; i < shift.Days.Count; i++)
        {
            var item = shift.Days[i];
            var range = item.Text.Split('-', StringSplitOptions.TrimEntries);
            DayOfWeek? first = range.Length is 1 or 2 ? Weekday(range[0], path.Index(i), item.Position) : null;
            DayOfWeek? last = range.Length == 2 ? Weekday(range[1], path.Index(i), item.Position) : first;
            if (range.Length > 2)
            {
                Report(path.Index(i), item.Position, $"'{item.Text}' is not a weekday or a range of weekdays such as Mon-Fri");
            }

            if (first is not { } from || last is not { } to)
            {
                valid = false;
                continue;
            }

            // A range runs forward through the week and may wrap: Fri-Mon is Friday to Monday.
            for (var day = from; ; day = (DayOfWeek)(((int)day + 1) % 7))
            {
                days |= day.ToFlag();
                if (day == to)
                {
                    break;
                }
            }
        }

        return valid ? days : null;
    }

    private DayOfWeek? Weekday(string text, DocumentPath path, SourcePosition position)
    {
        if (DayNames.TryGetValue(text, out var day))
        {
            return day;
        }

        var suggestion = Spelling.Closest(text, DayNames.Keys);
        Report(path, position, suggestion is not null
            ? $"unknown weekday '{text}'; did you mean '{suggestion}'?"
            : $"unknown weekday '{text}'; expected Mon, Tue, Wed, Thu, Fri, Sat, Sun (or the full names, or a range such as Mon-Fri)");
        return null;
    }

    private List<ShiftBreak>? Breaks(ShiftDocument shift, TimeOnly? shiftStart, TimeOnly? shiftEnd)
    {
        var before = _errorCount;
        var result = new List<ShiftBreak>();
        var placed = new List<(TimeSpan Offset, TimeSpan Length, BreakDocument Document)>();
        var probe = shiftStart is { } s && shiftEnd is { } e ? new ShiftDefinition("probe", "probe", s, e, DaysOfWeek.Every, []) : null;
        foreach (var document in shift.Breaks ?? [])
        {
            var start = TimeOfDay(document, "start", document.Start, TimeHint);
            var end = TimeOfDay(document, "end", document.End, TimeHint);
            if (start is not { } from || end is not { } to)
            {
                continue;
            }

            var shiftBreak = new ShiftBreak(from, to, document.Label);
            result.Add(shiftBreak);
            if (from == to)
            {
                Report(document, "end", $"the break ends when it starts ({Hm(from)}); a break must last");
                continue;
            }

            if (probe is null)
            {
                continue;
            }

            if (probe.Locate(shiftBreak) is not { } place)
            {
                Report(document, "start", $"the break {Hm(from)}-{Hm(to)} is not inside its shift ({Hm(probe.Start)}-{Hm(probe.End)})");
                continue;
            }

            var clash = placed.FirstOrDefault(p => place.Offset < p.Offset + p.Length && p.Offset < place.Offset + place.Length);
            if (clash.Document is not null)
            {
                Report(document, "start", $"the break {Hm(from)}-{Hm(to)} overlaps the break at {clash.Document.Path}");
                continue;
            }

            placed.Add((place.Offset, place.Length, document));
        }

        return _errorCount == before ? result : null;
    }

    private List<PlannedDowntime>? PlannedDowntime(List<PlannedDowntimeDocument>? documents, TimeZoneInfo? zone)
    {
        var before = _errorCount;
        var result = new List<PlannedDowntime>();
        foreach (var document in documents ?? [])
        {
            var start = DateTimeValue(document, "start", document.Start);
            var end = DateTimeValue(document, "end", document.End);
            var label = Required(document, "label", document.Label, "what the downtime is for, e.g. Planned maintenance");
            if (start is null || end is null || label is null || zone is null)
            {
                continue;
            }

            var from = start.Value.ToInstant(zone);
            var to = end.Value.ToInstant(zone);
            if (to <= from)
            {
                Report(document, "end", $"end {document.End} is not after start {document.Start} (in {zone.Id})");
                continue;
            }

            result.Add(new PlannedDowntime(from, to, label));
        }

        return _errorCount == before && zone is not null ? result : null;
    }

    private List<(Holiday Holiday, HolidayDocument Document)> Holidays(List<HolidayDocument>? documents)
    {
        var result = new List<(Holiday, HolidayDocument)>();
        var taken = new Dictionary<DateOnly, DocumentPath>();
        foreach (var document in documents ?? [])
        {
            var from = Date(document, "date", document.Date);
            var through = document.Through is null ? from : Date(document, "through", document.Through);
            var name = Required(document, "name", document.Name, "e.g. National Day");
            if (from is not { } first || through is not { } last || name is null)
            {
                continue;
            }

            if (last < first)
            {
                Report(document, "through", $"through {document.Through} is before date {document.Date}");
                continue;
            }

            if (last.DayNumber - first.DayNumber >= MaxHolidayDays)
            {
                Report(document, "through", $"{last.DayNumber - first.DayNumber + 1} days is more than {MaxHolidayDays}; check the year");
                continue;
            }

            var clash = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).Where(taken.ContainsKey).ToList();
            if (clash.Count > 0)
            {
                Report(document, "date", $"{Ymd(clash[0])} is already a holiday at {taken[clash[0]]}");
                continue;
            }

            for (var day = first; day <= last; day = day.AddDays(1))
            {
                taken[day] = document.Path;
            }

            var shifts = (document.Shifts ?? []).Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList();
            result.Add((new Holiday(first, last, name, shifts), document));
        }

        return result;
    }

    /// <summary>
    /// Checks what depends on the pattern in force: the holidays' replacement shifts exist in it (own holidays, and
    /// inherited ones when this level replaces <paramref name="inheritedShifts"/>), and no shifts overlap, weekly or
    /// around holidays.
    /// </summary>
    private void CheckAgainstPattern(
        ShiftCalendarDocument document,
        CalendarScope scope,
        bool ownsShifts,
        List<(Holiday Holiday, HolidayDocument Document)> own,
        IReadOnlyList<ShiftDefinition>? inheritedShifts)
    {
        // With errors in this level's own pattern, the ids it declares still tell a misspelt replacement shift.
        var ids = scope.Shifts?.Select(s => s.Id).ToList()
            ?? (ownsShifts ? document.Shifts?.Select(s => s.Id).OfType<string>().ToList() : null);
        if (ids is null)
        {
            return;
        }

        foreach (var (_, holiday) in own)
        {
            for (var i = 0; i < (holiday.Shifts?.Count ?? 0); i++)
            {
                var item = holiday.Shifts![i];
                if (!ids.Contains(item.Text, StringComparer.Ordinal))
                {
                    var suggestion = Spelling.Closest(item.Text, ids);
                    Report(holiday.Path.Property("shifts").Index(i), item.Position, suggestion is not null
                        ? $"unknown shift '{item.Text}'; did you mean '{suggestion}'?"
                        : $"unknown shift '{item.Text}'; the shifts in force here: {(ids.Count == 0 ? "none" : string.Join(", ", ids))}");
                }
            }
        }

        if (scope.Shifts is not { } shifts)
        {
            return;
        }

        var ownHolidays = own.Select(h => h.Holiday).ToHashSet(ReferenceEqualityComparer.Instance);
        if (ownsShifts)
        {
            foreach (var inherited in scope.Holidays.Where(h => !ownHolidays.Contains(h)))
            {
                // Only ids the inherited pattern has: an id unknown there is that level's problem, reported there.
                var lost = inherited.ShiftIds.Where(id => !ids.Contains(id, StringComparer.Ordinal) && inheritedShifts?.Any(s => s.Id == id) == true);
                foreach (var id in lost)
                {
                    Report(document, "shifts",
                        $"this pattern has no shift '{id}', which the inherited holiday '{inherited.Name}' ({Ymd(inherited.From)}) runs; give those dates a holiday here");
                }
            }
        }

        foreach (var overlap in ShiftPatternRules.Overlaps(shifts, scope.Rule, scope.Holidays))
        {
            if (overlap.Holiday is null)
            {
                if (ownsShifts && _shiftDocuments.TryGetValue(overlap.Second, out var second))
                {
                    Report(second, "start", $"shift '{overlap.Second.Id}' ({Span(overlap.Second)}) of {overlap.SecondDay.DayOfWeek}'s production day "
                        + $"overlaps shift '{overlap.First.Id}' ({Span(overlap.First)}) of {overlap.FirstDay.DayOfWeek}'s");
                }
            }
            else if (ownHolidays.Contains(overlap.Holiday) || ownsShifts)
            {
                var holiday = own.FirstOrDefault(h => ReferenceEquals(h.Holiday, overlap.Holiday)).Document;
                var message = $"on holiday '{overlap.Holiday.Name}', shift '{overlap.First.Id}' ({Span(overlap.First)}) of {Ymd(overlap.FirstDay)} "
                    + $"overlaps shift '{overlap.Second.Id}' ({Span(overlap.Second)}) of {Ymd(overlap.SecondDay)}";
                if (holiday is not null)
                {
                    Report(holiday, "shifts", message);
                }
                else
                {
                    Report(document, "shifts", message);
                }
            }
        }
    }

    private TimeOnly? TimeOfDay(DocumentObject owner, string key, string? text, string what)
    {
        if (Required(owner, key, text, what) is not { } value)
        {
            return null;
        }

        if (TimePattern().IsMatch(value))
        {
            return TimeOnly.ParseExact(value, "HH:mm", CultureInfo.InvariantCulture);
        }

        Report(owner, key, value == "24:00"
            ? "'24:00' is not a time of day; write 00:00 for midnight (an end at or before the start is on the next day)"
            : $"'{value}' is not a time of day; expected {TimeHint}");
        return null;
    }

    private DateOnly? Date(DocumentObject owner, string key, string? text)
    {
        if (Required(owner, key, text, DateHint) is not { } value)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Report(owner, key, $"'{value}' is not a date; expected {DateHint}");
        return null;
    }

    private PlantDateTime? DateTimeValue(DocumentObject owner, string key, string? text)
    {
        const string Hint = "yyyy-MM-ddTHH:mm in plant time, e.g. 2026-06-13T16:00, or with Z or an offset for an absolute time, e.g. 2026-06-13T08:00Z";
        if (Required(owner, key, text, Hint) is not { } value)
        {
            return null;
        }

        if (DateTime.TryParseExact(value, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new PlantDateTime(local, null);
        }

        if (DateTimeOffset.TryParseExact(value, AbsoluteFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var absolute))
        {
            return new PlantDateTime(null, absolute);
        }

        Report(owner, key, $"'{value}' is not a date and time; expected {Hint}");
        return null;
    }

    private static string Hm(TimeOnly time) => time.ToString("HH\\:mm", CultureInfo.InvariantCulture);

    private static string Ymd(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Span(ShiftDefinition shift) => $"{Hm(shift.Start)}-{Hm(shift.End)}";

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    /// <summary>A planned downtime bound as written: plant time (converted with the site's zone) or an absolute instant.</summary>
    private readonly record struct PlantDateTime(DateTime? Local, DateTimeOffset? Absolute)
    {
        public DateTimeOffset ToInstant(TimeZoneInfo zone) => Absolute ?? PlantTime.ToInstant(zone, Local!.Value);
    }
}
