// The one place that registers ECharts parts: importing from "echarts/core" plus only the charts and components
// in use keeps the bundle small. Dashboards register what they need here (BarChart, LineChart, GridComponent, ...).
import { init, use, type ComposeOption, type ECharts } from "echarts/core";
import {
  BarChart,
  CustomChart,
  LineChart,
  PieChart,
  type BarSeriesOption,
  type CustomSeriesOption,
  type LineSeriesOption,
  type PieSeriesOption,
} from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([PieChart, BarChart, LineChart, CustomChart, TooltipComponent, GridComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | PieSeriesOption
  | BarSeriesOption
  | LineSeriesOption
  | CustomSeriesOption
  | TooltipComponentOption
  | GridComponentOption
  | LegendComponentOption
>;

export function createChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: "canvas" });
}

/** Chart colours that read on the dark panels (styles.css); state colours come from logic/status.ts. */
export const CHART_THEME = {
  text: "#9fb0c8",
  textStrong: "#e6edf7",
  axis: "#33445f",
  split: "#23314a",
  panel: "#111b2b",
  accent: "#38bdf8",
  loss: "#f87171",
  gain: "#4ade80",
  good: "#22c55e",
  line: "#fbbf24",
} as const;

export type { ECharts };
