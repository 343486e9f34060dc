namespace SmartShop.Core.Plant;

public sealed record Enterprise(string Id, string Name);

/// <summary>A plant site. Its time zone is the one the shift calendar and production days are computed in.</summary>
public sealed record Site(string Id, string Name, TimeZoneInfo TimeZone, IReadOnlyList<Area> Areas);

public sealed record Area(string Id, string Name, IReadOnlyList<Line> Lines);

/// <summary>
/// A production line. <see cref="Machines"/> holds the machines placed directly on the line; machines grouped in
/// work cells are under <see cref="WorkCells"/>. The constraint (key) machine, if named, is the one whose output
/// paces the line, so line OEE is judged against it.
/// </summary>
public sealed record Line(
    string Id,
    string Name,
    string? ConstraintMachineId,
    IReadOnlyList<WorkCell> WorkCells,
    IReadOnlyList<MachineDefinition> Machines)
{
    /// <summary>Work-cell machines first (cell by cell), then the machines directly on the line.</summary>
    public IEnumerable<MachineDefinition> AllMachines => WorkCells.SelectMany(c => c.Machines).Concat(Machines);

    public MachineDefinition? ConstraintMachine =>
        ConstraintMachineId is null ? null : AllMachines.FirstOrDefault(m => m.Id == ConstraintMachineId);
}

public sealed record WorkCell(string Id, string Name, IReadOnlyList<MachineDefinition> Machines);
