// Hand-built figures for the tests: an 8-hour shift of a lathe (PRU 48 s) with a 30-minute break.
import type { DataHealthFigures, OeeElements, OeeFigure, OeeQuantities } from "../src/api/types.ts";
import type { Convention, OeeKpiFigures } from "../src/api/types.ts";
import { conventionElements } from "../src/logic/figure.ts";

export const healthy: DataHealthFigures = {
  healthy: true,
  issues: [],
  noDataSeconds: 0,
  clockSkewSeconds: null,
  unclassifiedStops: 0,
  unitsWithoutIdealTime: 0,
  productionWithoutOrderSeconds: 0,
};

/** POT 28 800 s, PDOT 1 800, PBT 27 000 = ADOT 1 800 + no data 600 + ADET 2 400 (300 of it minor stops) + AUST 1 200 + APT 21 000. */
export const shiftElements: OeeElements = {
  pot: 28_800,
  pdot: 1_800,
  pbt: 27_000,
  adot: 1_800,
  adet: 2_400,
  aust: 1_200,
  apt: 21_000,
  aupt: 22_200,
  noData: 600,
  microStopTime: 300,
  notPlanned: 0,
};

/** 400 units, 380 good, 20 scrap, all with PRU 48 s: Σ PRU × PQ = 19 200 s. */
export const shiftQuantities: OeeQuantities = {
  produced: 400,
  good: 380,
  scrap: 20,
  idealSeconds: 19_200,
  withoutIdealTime: 0,
  notPlanned: 0,
  microStops: 6,
  failures: 2,
};

/** A figure as the server would send it: KPIs of both conventions from the elements and quantities. */
export function makeFigure(
  elements: Partial<OeeElements> = {},
  quantities: Partial<OeeQuantities> = {},
  health: Partial<DataHealthFigures> = {},
  failureSeconds = 1_200,
): OeeFigure {
  const e = { ...shiftElements, ...elements };
  const q = { ...shiftQuantities, ...quantities };
  return {
    elements: e,
    quantities: q,
    iso: computeKpis(e, q, failureSeconds, "iso"),
    threshold: computeKpis(e, q, failureSeconds, "threshold"),
    health: { ...healthy, ...health },
  };
}

export function near(actual: number | null | undefined, expected: number, tolerance = 1e-9): boolean {
  return typeof actual === "number" && Math.abs(actual - expected) <= tolerance;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function times(...factors: (number | null)[]): number | null {
  return factors.some((f) => f === null) ? null : factors.reduce<number>((product, f) => product * (f as number), 1);
}

/**
 * The KPIs the server would send for these elements and quantities (SmartShop.Core OeeKpis.From), to build fixtures:
 * Availability = APT / PBT, Effectiveness = Σ(PRU × PQ) / APT, Quality = GQ / PQ, NEE = AUPT / PBT × E × Q, ...
 * `failureSeconds` is the summed repair time of the failures (MTTR × failures of each part).
 */
function computeKpis(
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

