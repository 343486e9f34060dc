namespace SmartShop.Core.Shifts;

/// <summary>Where in the plant a calendar applies: a site, an area of it, or a line of that area.</summary>
/// <param name="AreaId">Null for the site itself.</param>
/// <param name="LineId">Null for a site or an area; a line needs its area.</param>
public readonly record struct ShiftCalendarScope(string SiteId, string? AreaId = null, string? LineId = null);

/// <summary>
/// The shift calendars of a plant: each site's calendar, and for every area or line with an override, the site's
/// calendar with the area's override and then the line's applied (<see cref="ShiftCalendarDefinition.With"/>).
/// Each is compiled once, when the set is built; areas and lines without an override share the calendar above them,
/// so they share its cache of compiled days too.
/// </summary>
public sealed class ShiftCalendarSet
{
    private readonly Dictionary<ShiftCalendarScope, ShiftCalendar> _calendars = [];

    /// <param name="sites">Site id to the site's calendar.</param>
    /// <param name="overrides">Area overrides (scope with an area id) and line overrides (scope with area and line ids).</param>
    /// <exception cref="ArgumentException">An override names an unknown site, or a line without its area.</exception>
    public ShiftCalendarSet(
        IReadOnlyDictionary<string, ShiftCalendarDefinition> sites,
        IReadOnlyDictionary<ShiftCalendarScope, ShiftCalendarOverride>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        overrides ??= new Dictionary<ShiftCalendarScope, ShiftCalendarOverride>();
        foreach (var (siteId, definition) in sites)
        {
            _calendars[new ShiftCalendarScope(siteId)] = new ShiftCalendar(definition);
        }

        foreach (var scope in overrides.Keys)
        {
            if (!sites.ContainsKey(scope.SiteId))
            {
                throw new ArgumentException($"A shift calendar override names the unknown site '{scope.SiteId}'.", nameof(overrides));
            }

            if (scope.AreaId is null)
            {
                throw new ArgumentException($"An override for site '{scope.SiteId}' itself is its calendar, not an override.", nameof(overrides));
            }
        }

        foreach (var (scope, areaOverride) in overrides.Where(o => o.Key.LineId is null))
        {
            _calendars[scope] = new ShiftCalendar(sites[scope.SiteId].With(areaOverride));
        }

        foreach (var (scope, lineOverride) in overrides.Where(o => o.Key.LineId is not null))
        {
            var definition = sites[scope.SiteId];
            if (overrides.TryGetValue(scope with { LineId = null }, out var areaOverride))
            {
                definition = definition.With(areaOverride);
            }

            _calendars[scope] = new ShiftCalendar(definition.With(lineOverride));
        }
    }

    /// <summary>Every scope with a calendar of its own: the sites, and the areas and lines with an override.</summary>
    public IReadOnlyCollection<ShiftCalendarScope> Scopes => _calendars.Keys;

    /// <summary>
    /// The calendar that applies to a line (all three ids), an area (site and area) or a site: the most specific one
    /// configured, so a line without an override gets its area's, and an area without one its site's.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The site has no calendar in this set.</exception>
    public ShiftCalendar For(string siteId, string? areaId = null, string? lineId = null)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        if (areaId is not null)
        {
            if (lineId is not null && _calendars.TryGetValue(new ShiftCalendarScope(siteId, areaId, lineId), out var line))
            {
                return line;
            }

            if (_calendars.TryGetValue(new ShiftCalendarScope(siteId, areaId), out var area))
            {
                return area;
            }
        }

        return _calendars.TryGetValue(new ShiftCalendarScope(siteId), out var site)
            ? site
            : throw new KeyNotFoundException($"No shift calendar for site '{siteId}'.");
    }
}
