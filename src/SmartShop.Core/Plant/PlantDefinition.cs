using SmartShop.Core.Downtime;
using SmartShop.Core.Shifts;

namespace SmartShop.Core.Plant;

/// <summary>
/// The whole plant as configured: one enterprise, its machine types and its ISA-95 equipment hierarchy
/// (site / area / line / work cell / machine), with the shift calendar of every line compiled. Immutable; a new plant
/// file means a new instance.
/// </summary>
/// <remarks>
/// Machine and line ids are unique plant-wide (they key machine grains and API routes), and site ids among sites; the
/// constructor enforces it because every lookup below depends on it.
/// </remarks>
public sealed record PlantDefinition
{
    private readonly Dictionary<string, MachineLocation> _machines;
    private readonly Dictionary<string, MachineType> _machineTypes;
    private readonly Dictionary<string, Line> _lines;
    private readonly Dictionary<string, ShiftCalendar> _lineCalendars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DowntimeReasonMenu> _reasonMenus;

    /// <param name="downtimeReasons">The plant's downtime reason tree; none (empty) when null.</param>
    public PlantDefinition(Enterprise enterprise, IReadOnlyList<MachineType> machineTypes, IReadOnlyList<Site> sites, DowntimeReasonTree? downtimeReasons = null)
    {
        ArgumentNullException.ThrowIfNull(enterprise);
        ArgumentNullException.ThrowIfNull(machineTypes);
        ArgumentNullException.ThrowIfNull(sites);
        Enterprise = enterprise;
        MachineTypes = machineTypes;
        Sites = sites;
        DowntimeReasons = downtimeReasons ?? DowntimeReasonTree.Empty;
        _reasonMenus = new Dictionary<string, DowntimeReasonMenu>(StringComparer.Ordinal);

        _machineTypes = new Dictionary<string, MachineType>(StringComparer.Ordinal);
        foreach (var type in machineTypes)
        {
            if (!_machineTypes.TryAdd(type.Id, type))
            {
                throw new ArgumentException($"Machine type id '{type.Id}' is used more than once.", nameof(machineTypes));
            }

            CheckReasonIds(type.StopReasonIds, $"machine type '{type.Id}'");
            _reasonMenus[type.Id] = DowntimeReasons.MenuFor(type.OfferedReasons);
        }

        _machines = new Dictionary<string, MachineLocation>(StringComparer.Ordinal);
        _lines = new Dictionary<string, Line>(StringComparer.Ordinal);
        var machinesInOrder = new List<MachineDefinition>();
        foreach (var site in sites)
        {
            foreach (var area in site.Areas)
            {
                foreach (var line in area.Lines)
                {
                    if (!_lines.TryAdd(line.Id, line))
                    {
                        throw new ArgumentException($"Line id '{line.Id}' is used more than once.", nameof(sites));
                    }

                    foreach (var cell in line.WorkCells)
                    {
                        foreach (var machine in cell.Machines)
                        {
                            Add(machine, new MachineLocation(machine, site, area, line, cell));
                        }
                    }

                    foreach (var machine in line.Machines)
                    {
                        Add(machine, new MachineLocation(machine, site, area, line, WorkCell: null));
                    }
                }
            }
        }

        Machines = machinesInOrder;
        ShiftCalendars = CompileCalendars(sites);
        foreach (var site in sites)
        {
            foreach (var area in site.Areas)
            {
                foreach (var line in area.Lines)
                {
                    _lineCalendars[line.Id] = ShiftCalendars.For(site.Id, area.Id, line.Id);
                }
            }
        }

        void Add(MachineDefinition machine, MachineLocation location)
        {
            if (!_machines.TryAdd(machine.Id, location))
            {
                throw new ArgumentException($"Machine id '{machine.Id}' is used more than once.", nameof(sites));
            }

            CheckReasonIds(machine.StopReasonIds, $"machine '{machine.Id}'");

            machinesInOrder.Add(machine);
        }
    }

    public Enterprise Enterprise { get; }

    public IReadOnlyList<MachineType> MachineTypes { get; }

    public IReadOnlyList<Site> Sites { get; }

    /// <summary>Every machine of the plant, site by site, area by area, line by line (work-cell machines first).</summary>
    public IReadOnlyList<MachineDefinition> Machines { get; }

    public IEnumerable<Area> Areas => Sites.SelectMany(s => s.Areas);

    public IEnumerable<Line> Lines => Areas.SelectMany(a => a.Lines);

    public MachineDefinition? FindMachine(string machineId) =>
        _machines.TryGetValue(machineId, out var location) ? location.Machine : null;

    /// <summary>Where a machine sits in the hierarchy, or null for an unknown id.</summary>
    public MachineLocation? LocateMachine(string machineId) => _machines.GetValueOrDefault(machineId);

    public Line? FindLine(string lineId) => _lines.GetValueOrDefault(lineId);

    public MachineType? FindMachineType(string machineTypeId) => _machineTypes.GetValueOrDefault(machineTypeId);

    /// <summary>The plant's downtime reasons; empty when the plant file declares none.</summary>
    public DowntimeReasonTree DowntimeReasons { get; }

    /// <summary>The downtime reasons offered for a machine (its type's subset of the tree), or null for an unknown machine.</summary>
    public DowntimeReasonMenu? ReasonMenuFor(string machineId) =>
        FindMachine(machineId) is { } machine
            ? _reasonMenus.GetValueOrDefault(machine.Type.Id) ?? DowntimeReasons.MenuFor(machine.Type.OfferedReasons)
            : null;

    /// <summary>
    /// Every site's shift calendar and every area's and line's with its overrides applied; a site without one runs
    /// 24/7 (<see cref="ShiftCalendarDefinition.AroundTheClock"/>).
    /// </summary>
    public ShiftCalendarSet ShiftCalendars { get; }

    /// <summary>The shift calendar a line's machines are planned by (site, area and line overrides applied), or null for an unknown line.</summary>
    public ShiftCalendar? CalendarForLine(string lineId) => _lineCalendars.GetValueOrDefault(lineId);

    /// <summary>The shift calendar of the line a machine is on, or null for an unknown machine.</summary>
    public ShiftCalendar? CalendarForMachine(string machineId) =>
        _machines.TryGetValue(machineId, out var location) ? _lineCalendars[location.Line.Id] : null;

    private void CheckReasonIds(IReadOnlyDictionary<int, string> stopReasonIds, string owner)
    {
        foreach (var (code, reasonId) in stopReasonIds)
        {
            if (!DowntimeReasons.Contains(reasonId))
            {
                throw new ArgumentException($"Stop-reason code {code} of {owner} maps to '{reasonId}', which is not in the downtime reason tree.");
            }
        }
    }

    private static ShiftCalendarSet CompileCalendars(IReadOnlyList<Site> sites)
    {
        var siteCalendars = new Dictionary<string, ShiftCalendarDefinition>(StringComparer.Ordinal);
        var overrides = new Dictionary<ShiftCalendarScope, ShiftCalendarOverride>();
        foreach (var site in sites)
        {
            if (site.ShiftCalendar is { } own && own.TimeZone.Id != site.TimeZone.Id)
            {
                throw new ArgumentException(
                    $"Site '{site.Id}' is in {site.TimeZone.Id} but its shift calendar in {own.TimeZone.Id}.", nameof(sites));
            }

            if (!siteCalendars.TryAdd(site.Id, site.ShiftCalendar ?? ShiftCalendarDefinition.AroundTheClock(site.TimeZone)))
            {
                throw new ArgumentException($"Site id '{site.Id}' is used more than once.", nameof(sites));
            }

            foreach (var area in site.Areas)
            {
                if (area.ShiftCalendar is { } areaOverride && !overrides.TryAdd(new ShiftCalendarScope(site.Id, area.Id), areaOverride))
                {
                    throw new ArgumentException($"Area id '{area.Id}' is used more than once in site '{site.Id}'.", nameof(sites));
                }

                foreach (var line in area.Lines)
                {
                    if (line.ShiftCalendar is { } lineOverride)
                    {
                        overrides[new ShiftCalendarScope(site.Id, area.Id, line.Id)] = lineOverride;
                    }
                }
            }
        }

        return new ShiftCalendarSet(siteCalendars, overrides);
    }
}

/// <summary>A machine with the hierarchy above it; <see cref="WorkCell"/> is null for a machine directly on its line.</summary>
public sealed record MachineLocation(MachineDefinition Machine, Site Site, Area Area, Line Line, WorkCell? WorkCell);
