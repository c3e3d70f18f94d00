import type { CaseStatsCategoryRow, CaseStatsDepartmentRow, CaseStatsTrendPoint, CaseStatsUnitRow } from '@gongzhi/contracts';
import type { ChartOption } from '../../stats/echarts';
import { ratePercent } from '../../stats/format';

/** Chart options of the dashboards (console palette). `label` names the series in the user's language. */
type Label = (key: 'intake' | 'open' | 'resolved' | 'onTime' | 'satisfaction') => string;

const pctAxis = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } };
const pctTooltip = (v: unknown) => (v === null || v === undefined ? '—' : `${v as number}%`);

/** Children of the unit: received and open as bars, the on-time rate as a line on its own axis. */
export function unitOption(rows: CaseStatsUnitRow[], label: Label): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: undefined },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 35 : 0, fontSize: 11 } },
    yAxis: [{ type: 'value', minInterval: 1 }, pctAxis],
    series: [
      { name: label('intake'), type: 'bar', data: rows.map((r) => r.figures.intake), itemStyle: { color: '#1677ff' }, barMaxWidth: 28, cursor: 'pointer' },
      { name: label('open'), type: 'bar', data: rows.map((r) => r.figures.open), itemStyle: { color: '#faad14' }, barMaxWidth: 28, cursor: 'pointer' },
      { name: label('onTime'), type: 'line', yAxisIndex: 1, data: rows.map((r) => ratePercent(r.figures.onTimeRate.rate)), itemStyle: { color: '#52c41a' }, connectNulls: true, tooltip: { valueFormatter: pctTooltip } },
    ],
  };
}

export function categoryOption(rows: CaseStatsCategoryRow[], label: Label): ChartOption {
  const list = [...rows].reverse();
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: list.map((r) => r.name), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [{ name: label('intake'), type: 'bar', data: list.map((r) => r.intake), itemStyle: { color: '#13a8a8' }, barMaxWidth: 18, label: { show: true, position: 'right' } }],
  };
}

/** Departments ranked: on-time and satisfaction rates side by side, the best on top. */
export function departmentOption(rows: CaseStatsDepartmentRow[], label: Label): ChartOption {
  const list = rows.slice(0, 12).reverse();
  return {
    grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: pctTooltip },
    xAxis: pctAxis,
    yAxis: { type: 'category', data: list.map((r) => r.name), axisLabel: { width: 130, overflow: 'truncate' } },
    series: [
      { name: label('onTime'), type: 'bar', data: list.map((r) => ratePercent(r.figures.onTimeRate.rate)), itemStyle: { color: '#52c41a' }, barMaxWidth: 12 },
      { name: label('satisfaction'), type: 'bar', data: list.map((r) => ratePercent(r.figures.satisfactionRate.rate)), itemStyle: { color: '#722ed1' }, barMaxWidth: 12 },
    ],
  };
}

export function trendOption(points: CaseStatsTrendPoint[], label: Label): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: label('intake'), type: 'line', smooth: true, showSymbol: points.length <= 31, data: points.map((p) => p.intake), itemStyle: { color: '#1677ff' }, areaStyle: { opacity: 0.08 } },
      { name: label('resolved'), type: 'line', smooth: true, showSymbol: points.length <= 31, data: points.map((p) => p.resolved), itemStyle: { color: '#52c41a' } },
    ],
  };
}
