import type { Line, Machine, Plant } from "../api/types.ts";

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
