import {
  DATA_HEALTH_ISSUES,
  type Convention,
  type DataHealthFigures,
  type OeeElements,
  type OeeFigure,
  type OeeKpiFigures,
  type OeeQuantities,
} from "../api/types.ts";

export function kpisOf(figure: OeeFigure | null | undefined, convention: Convention): OeeKpiFigures | null {
  if (!figure) return null;
  return convention === "threshold" ? figure.threshold : figure.iso;
}

/**
 * The elements as a convention counts them: under the threshold convention the minor-stop time moves from ADET to
 * APT (and so into AUPT), which turns it from an availability loss into an effectiveness loss. PBT does not change.
 */
export function conventionElements(elements: OeeElements, convention: Convention): OeeElements {
  if (convention === "iso") return elements;
  return {
    ...elements,
    apt: elements.apt + elements.microStopTime,
    aupt: elements.aupt + elements.microStopTime,
    adet: elements.adet - elements.microStopTime,
  };
}

const ZERO_ELEMENTS: OeeElements = {
  pot: 0, pdot: 0, pbt: 0, adot: 0, adet: 0, aust: 0, apt: 0, aupt: 0, noData: 0, microStopTime: 0, notPlanned: 0,
};

const ZERO_QUANTITIES: OeeQuantities = {
  produced: 0, good: 0, scrap: 0, idealSeconds: 0, withoutIdealTime: 0, notPlanned: 0, microStops: 0, failures: 0,
};

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function times(...factors: (number | null)[]): number | null {
  return factors.some((f) => f === null) ? null : factors.reduce<number>((product, f) => product * (f as number), 1);
}

/**
 * The KPIs of summed elements and quantities, the way the server computes them (SmartShop.Core OeeKpis.From):
 * Availability = APT / PBT, Effectiveness = Σ(PRU × PQ) / APT, Quality = GQ / PQ, NEE = AUPT / PBT × E × Q, ...
 * `failureSeconds` is the summed repair time of the failures (MTTR × failures of each part).
 */
export function computeKpis(
  elements: OeeElements,
  quantities: OeeQuantities,
  failureSeconds: number,
  convention: Convention,
): OeeKpiFigures {
  const e = conventionElements(elements, convention);
  const aupt = e.aust + e.apt;
  const availability = ratio(e.apt, e.pbt);
  const effectiveness = ratio(quantities.idealSeconds, e.apt);
  const quality = ratio(quantities.good, quantities.produced);
  return {
    convention,
    availability,
    effectiveness,
    quality,
    oee: times(availability, effectiveness, quality),
    nee: times(ratio(aupt, e.pbt), effectiveness, quality),
    technicalEfficiency: ratio(e.apt, e.apt + e.adet),
    setupRate: ratio(e.aust, aupt),
    scrapRatio: ratio(quantities.scrap, quantities.produced),
    mtbfSeconds: quantities.failures > 0 ? e.apt / quantities.failures : null,
    mttrSeconds: quantities.failures > 0 ? failureSeconds / quantities.failures : null,
  };
}

function sumRecords<T extends object>(zero: T, parts: readonly T[]): T {
  const total = { ...zero } as Record<string, number>;
  for (const part of parts) {
    for (const [key, value] of Object.entries(part as Record<string, number>)) total[key] = (total[key] ?? 0) + value;
  }
  return total as T;
}

/**
 * The figure of several work units together (machines of an area, lines of a plant): elements and quantities are
 * summed, then divided (OEE.md rule 3; percentages are never averaged). Health issues are the union of the parts',
 * except "effectiveness above 100 %", which is decided again on the sum.
 */
export function rollUp(figures: readonly OeeFigure[]): OeeFigure {
  const elements = sumRecords(ZERO_ELEMENTS, figures.map((f) => f.elements));
  const quantities = sumRecords(ZERO_QUANTITIES, figures.map((f) => f.quantities));
  const failureSeconds = figures.reduce((sum, f) => sum + (f.iso.mttrSeconds ?? 0) * f.quantities.failures, 0);
  const iso = computeKpis(elements, quantities, failureSeconds, "iso");
  const threshold = computeKpis(elements, quantities, failureSeconds, "threshold");

  const seen = new Set(figures.flatMap((f) => f.health.issues));
  seen.delete("effectivenessAbove100");
  if (iso.effectiveness !== null && iso.effectiveness > 1) seen.add("effectivenessAbove100");
  const known = DATA_HEALTH_ISSUES.filter((issue) => seen.has(issue));
  const unknown = [...seen].filter((issue) => !(DATA_HEALTH_ISSUES as readonly string[]).includes(issue)).sort();
  const skews = figures.map((f) => f.health.clockSkewSeconds).filter((s): s is number => s !== null);
  const health: DataHealthFigures = {
    healthy: known.length + unknown.length === 0,
    issues: [...known, ...unknown],
    noDataSeconds: figures.reduce((sum, f) => sum + f.health.noDataSeconds, 0),
    clockSkewSeconds: skews.length ? skews.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)) : null,
    unclassifiedStops: figures.reduce((sum, f) => sum + f.health.unclassifiedStops, 0),
    unitsWithoutIdealTime: figures.reduce((sum, f) => sum + f.health.unitsWithoutIdealTime, 0),
    productionWithoutOrderSeconds: figures.reduce((sum, f) => sum + f.health.productionWithoutOrderSeconds, 0),
  };
  return { elements, quantities, iso, threshold, health };
}
