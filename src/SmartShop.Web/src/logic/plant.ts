import type { Area, Line, Machine, Plant, Site } from "../api/types.ts";

/** Machines of a line: those in its work cells first (in cell order), then those directly on the line. */
export function lineMachines(line: Line): Machine[] {
  return [...line.workCells.flatMap((cell) => cell.machines), ...line.machines];
}

export function plantMachines(plant: Plant): Machine[] {
  return plant.sites.flatMap((site) => site.areas.flatMap((area) => area.lines.flatMap(lineMachines)));
}

/** Machine type display names by id; a machine whose type is missing shows its raw type id. */
export function machineTypeNames(plant: Plant): ReadonlyMap<string, string> {
  return new Map(plant.machineTypes.map((type) => [type.id, type.name]));
}

export interface MachinePlace {
  site: Site;
  area: Area;
  line: Line;
  machine: Machine;
}

export interface LinePlace {
  site: Site;
  area: Area;
  line: Line;
}

export function findLine(plant: Plant, lineId: string): LinePlace | null {
  for (const site of plant.sites)
    for (const area of site.areas)
      for (const line of area.lines) if (line.id === lineId) return { site, area, line };
  return null;
}

export function findMachine(plant: Plant, machineId: string): MachinePlace | null {
  for (const site of plant.sites)
    for (const area of site.areas)
      for (const line of area.lines)
        for (const machine of lineMachines(line)) if (machine.id === machineId) return { site, area, line, machine };
  return null;
}

export function findArea(plant: Plant, areaId: string): { site: Site; area: Area } | null {
  for (const site of plant.sites) for (const area of site.areas) if (area.id === areaId) return { site, area };
  return null;
}
