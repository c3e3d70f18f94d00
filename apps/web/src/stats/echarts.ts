/**
 * ECharts with only what the screen and the dashboards draw: bar and line charts on a grid with
 * tooltips and legends, on the canvas renderer. Importing `echarts` whole would add ~200 kB gz.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';
