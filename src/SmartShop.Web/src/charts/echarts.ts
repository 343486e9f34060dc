// The one place that registers ECharts parts: importing from "echarts/core" plus only the charts and components
// in use keeps the bundle small. Dashboards register what they need here (BarChart, LineChart, GridComponent, ...).
import { init, use, type ComposeOption, type ECharts } from "echarts/core";
import { PieChart, type PieSeriesOption } from "echarts/charts";
import { TooltipComponent, type TooltipComponentOption } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([PieChart, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<PieSeriesOption | TooltipComponentOption>;

export function createChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: "canvas" });
}

export type { ECharts };
