using SmartShop.Core.Shifts;

namespace SmartShop.Core.Plant;

public sealed record Enterprise(string Id, string Name);

/// <summary>A plant site. Its time zone is the one the shift calendar and production days are computed in.</summary>
/// <param name="ShiftCalendar">
/// The site's shift calendar (in <paramref name="TimeZone"/>), or null when none is configured: then the site runs
/// 24/7 (<see cref="ShiftCalendarDefinition.AroundTheClock"/>).
/// </param>
public sealed record Site(
    string Id,
    string Name,
    TimeZoneInfo TimeZone,
    IReadOnlyList<Area> Areas,
    ShiftCalendarDefinition? ShiftCalendar = null);

/// <param name="ShiftCalendar">What the area changes about its site's calendar, or null for nothing.</param>
public sealed record Area(string Id, string Name, IReadOnlyList<Line> Lines, ShiftCalendarOverride? ShiftCalendar = null);

/// <summary>
/// A production line. <see cref="Machines"/> holds the machines placed directly on the line; machines grouped in
/// work cells are under <see cref="WorkCells"/>. The constraint (key) machine, if named, is the one whose output
/// paces the line, so line OEE is judged against it.
/// </summary>
/// <param name="ShiftCalendar">What the line changes about its area's (or site's) calendar, or null for nothing.</param>
public sealed record Line(
    string Id,
    string Name,
    string? ConstraintMachineId,
    IReadOnlyList<WorkCell> WorkCells,
    IReadOnlyList<MachineDefinition> Machines,
    ShiftCalendarOverride? ShiftCalendar = null)
{
    /// <summary>Work-cell machines first (cell by cell), then the machines directly on the line.</summary>
    public IEnumerable<MachineDefinition> AllMachines => WorkCells.SelectMany(c => c.Machines).Concat(Machines);

    public MachineDefinition? ConstraintMachine =>
        ConstraintMachineId is null ? null : AllMachines.FirstOrDefault(m => m.Id == ConstraintMachineId);
}

public sealed record WorkCell(string Id, string Name, IReadOnlyList<MachineDefinition> Machines);
