import type { Convention, OeeFigure } from "../api/types.ts";
import { conventionElements } from "./figure.ts";

export type WaterfallKey =
  | "pbt"
  | "adot"
  | "noData"
  | "adet"
  | "aust"
  | "apt"
  | "effectivenessLoss"
  | "qualityLoss"
  | "goodUnitTime";

/** total: a bar from 0 (PBT, APT, good-unit time); loss: a step down from the previous level (up when negative). */
export type WaterfallKind = "total" | "loss";

export interface WaterfallStep {
  key: WaterfallKey;
  kind: WaterfallKind;
  /** Seconds: the level of a total, the amount lost by a loss (negative = a gain, e.g. effectiveness above 100 %). */
  seconds: number;
  /** Level before and after the step, in seconds (a total runs from 0). */
  from: number;
  to: number;
}

export interface Waterfall {
  convention: Convention;
  steps: WaterfallStep[];
  /** PBT − ADOT − no data − ADET − AUST minus the APT the server reports: 0 up to rounding when the figure is sound. */
  aptMismatchSeconds: number;
}

/**
 * The ISO 22400 loss waterfall of a figure, from planned busy time to good-unit time:
 * PBT → −ADOT → −no data → −ADET → −AUST → APT → −effectiveness loss → −quality loss → good-unit time.
 *
 * Effectiveness loss = APT − Σ(PRU × PQ) (APT × (1 − E)); quality loss = Σ(PRU × PQ) × SQ / PQ; good-unit time =
 * Σ(PRU × PQ) × GQ / PQ, which is PBT × OEE whenever OEE is defined. Nothing produced: no ideal time, so all of APT
 * is effectiveness loss and the good-unit time is 0. The minor-stop convention moves minor-stop time from ADET to
 * APT, so it changes where that time is lost, not the good-unit time.
 */
export function waterfall(figure: OeeFigure, convention: Convention): Waterfall {
  const e = conventionElements(figure.elements, convention);
  const q = figure.quantities;
  const ideal = q.produced > 0 ? q.idealSeconds : 0;
  const qualityLoss = q.produced > 0 ? (ideal * q.scrap) / q.produced : 0;
  const goodUnitTime = ideal - qualityLoss;

  const steps: WaterfallStep[] = [];
  const total = (key: WaterfallKey, seconds: number): number => {
    steps.push({ key, kind: "total", seconds, from: 0, to: seconds });
    return seconds;
  };
  const loss = (key: WaterfallKey, level: number, seconds: number): number => {
    steps.push({ key, kind: "loss", seconds, from: level, to: level - seconds });
    return level - seconds;
  };

  let level = total("pbt", e.pbt);
  for (const key of ["adot", "noData", "adet", "aust"] as const) level = loss(key, level, e[key]);
  const aptMismatchSeconds = level - e.apt;
  level = total("apt", e.apt);
  level = loss("effectivenessLoss", level, e.apt - ideal);
  loss("qualityLoss", level, qualityLoss);
  total("goodUnitTime", goodUnitTime);
  return { convention, steps, aptMismatchSeconds };
}

export interface WaterfallBars {
  /** Invisible stack base per step (the lower end of the bar). */
  base: number[];
  /** Visible bar height per step (always ≥ 0). */
  height: number[];
  /** Whether the step raises the level (a gain): drawn in another colour. */
  gain: boolean[];
}

/** Stacked-bar geometry for drawing a waterfall with an invisible base series (ECharts has no waterfall type). */
export function waterfallBars(steps: readonly WaterfallStep[]): WaterfallBars {
  return {
    base: steps.map((s) => Math.min(s.from, s.to)),
    height: steps.map((s) => Math.abs(s.to - s.from)),
    gain: steps.map((s) => s.kind === "loss" && s.to > s.from),
  };
}
